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

/** Fill {name} placeholders. A missing parameter stays visible rather than becoming "undefined". */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** A text table per locale; `satisfies` in each table keeps the keys identical. */
export type TextTable<K extends string> = Record<Locale, Record<K, string>>;

export function translator<K extends string>(table: TextTable<K>, locale: Locale) {
  const texts = table[locale];
  return (key: K, params?: Params): string => format(texts[key] ?? table.en[key] ?? key, params);
}
