import { PAIRED_PARTICLE, particleAfter } from "./particles.js";

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** --lang, else SOCKSTEP_LANG, else LC_ALL / LC_MESSAGES / LANG (ko_* → Korean), else English. */
export function detectLocale(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Locale {
  if (flag && isLocale(flag)) return flag;
  const own = env.SOCKSTEP_LANG?.toLowerCase();
  if (own && isLocale(own)) return own;
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = env[name];
    if (!value) continue;
    // The first non-empty variable decides, as in POSIX; C and POSIX mean English.
    return value.toLowerCase().startsWith("ko") ? "ko" : "en";
  }
  return "en";
}

export type Params = Record<string, string | number | boolean | null | undefined>;

/**
 * A placeholder, and the paired Korean particle written right after it (after
 * any closing quotes): `{port}을(를)`, `'{value}'은(는)`, `{target}(으)로`.
 */
const HOLE = new RegExp(`\\{(\\w+)\\}(["'”’]*)(${PAIRED_PARTICLE.source})?`, "g");
/** `{count|request|requests}`: the word for the number in {count} (English singular/plural). */
const PLURAL = /\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g;

/**
 * Fill {name} placeholders. A missing parameter stays visible rather than
 * becoming "undefined". A paired particle after a placeholder becomes the one
 * that fits the value (`{port}을(를)` → `41755를`); `{n|field|fields}` becomes
 * the singular or the plural for the number in {n} (the locale's plural rules).
 */
export function format(template: string, params: Params = {}, locale: Locale = "en"): string {
  // Most page labels have no placeholder: a server answering a class formats them thousands of times.
  if (!template.includes("{")) return template;
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) => {
      const n = Number(params[name]);
      if (params[name] === undefined || params[name] === null || Number.isNaN(n)) return whole;
      return pluralRules(locale).select(n) === "one" ? one : other;
    })
    .replace(HOLE, (_whole, name: string, closers: string, paired: string | undefined) => {
      const value = params[name];
      // A missing value is shown as `{name}`, and its particle is chosen for that.
      const shown = value === undefined || value === null ? `{${name}}` : String(value);
      return shown + closers + (paired ? particleAfter(shown, paired) : "");
    });
}

const rules = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    rules.set(locale, r);
  }
  return r;
}

/** A text table per locale; `satisfies` in each table keeps the keys identical. */
export type TextTable<K extends string> = Record<Locale, Record<K, string>>;

export function translator<K extends string>(table: TextTable<K>, locale: Locale) {
  const texts = table[locale];
  return (key: K, params?: Params): string =>
    format(texts[key] ?? table.en[key] ?? key, params, locale);
}
