import { createRequire } from "node:module";
import type * as Hangul from "es-hangul";

let hangul: typeof Hangul | null = null;
/** es-hangul is loaded on the first Korean particle: `--help` in English needs none of it. */
function lib(): typeof Hangul {
  hangul ??= createRequire(import.meta.url)("es-hangul") as typeof Hangul;
  return hangul;
}

/**
 * Korean particles after a {placeholder}. A sentence writes the pair,
 * `{x}을(를)`, and the formatter keeps the one that fits how a Korean reader
 * says the value's last sound: `41755를` (오), `41751을` (일), `max=3이` (삼),
 * `ECONNREFUSED로` (…드), `TIME_WAIT를`, `서울로` (ㄹ takes 로, not 으로).
 *
 * es-hangul decides for Hangul (and reads an all-capital word by its letter
 * names); it reads digits and lower-case Latin as having no final consonant,
 * so those are turned into a Hangul reading here first: the Korean number
 * for a digit, the Korean letter name for an acronym or a random token, and
 * a rough loanword ending for an English word (`session` 세션 → ㄴ).
 */

type JosaPair = Parameters<typeof Hangul.josa.pick>[1];

/** The paired forms a sentence may write, and es-hangul's pair for each. */
const PAIRS: Record<string, JosaPair> = {
  "을(를)": "을/를",
  "를(을)": "을/를",
  "이(가)": "이/가",
  "가(이)": "이/가",
  "은(는)": "은/는",
  "는(은)": "은/는",
  "와(과)": "와/과",
  "과(와)": "와/과",
  "(으)로": "으로/로",
};

/**
 * The paired particle forms right after a placeholder (closing quotes may sit
 * in between: `'{value}'을(를)`). `(이)` stands for the copula's 이 in
 * `(이)라고`, `(이)라는`, `(이)나`, `(이)며`: kept after a final consonant only.
 */
export const PAIRED_PARTICLE =
  /을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)|\(으\)로|\(이\)/;

/** The particle to write after `value` for a paired form (one of PAIRED_PARTICLE). */
export function particleAfter(value: string, paired: string): string {
  const sound = lastSound(value);
  if (paired === "(이)") return sound !== "" && lib().hasBatchim(sound) ? "이" : "";
  const pair = PAIRS[paired];
  if (!pair) return paired;
  // An unknown sound (a symbol, another script): the form after a vowel.
  return lib().josa.pick(sound === "" ? "가" : sound, pair);
}

/** 0–9 as read in Sino-Korean: 41755 → …오, 127.0.0.1 → …일. */
const DIGITS = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"] as const;
/** A number ending in zeros is read by its place: 10 십, 100 백, 1000 천, 10000 만, 10⁸ 억. */
const PLACES = ["", "십", "백", "천"] as const;

/** Korean names of the Latin letters, as an acronym is read (TCP → 티씨피). */
const LETTERS: Record<string, string> = {
  a: "에이",
  b: "비",
  c: "씨",
  d: "디",
  e: "이",
  f: "에프",
  g: "지",
  h: "에이치",
  i: "아이",
  j: "제이",
  k: "케이",
  l: "엘",
  m: "엠",
  n: "엔",
  o: "오",
  p: "피",
  q: "큐",
  r: "알",
  s: "에스",
  t: "티",
  u: "유",
  v: "브이",
  w: "더블유",
  x: "엑스",
  y: "와이",
  z: "지",
};

/**
 * Short capitalised words read as words, not letter by letter (the lessons
 * read ACK and SYN by their letters: ACK를, SYN을).
 */
const READ_AS_WORD: Record<string, string> = { GET: "겟", PUT: "풋", SET: "셋" };

/** Characters after the last read one that are not read: quotes, brackets, punctuation. */
const UNREAD = /[\s"'“”‘’«»()[\]{}<>.,;:!?…]+$/u;
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The Hangul syllable a Korean reader ends `value` with, or "" when it ends
 * in something not read (a symbol, another script).
 */
export function lastSound(value: string): string {
  const text = value.replace(ANSI, "").replace(UNREAD, "");
  const last = text.at(-1);
  if (last === undefined) return "";
  if (/\p{Script=Hangul}/u.test(last)) return last;
  // The token the value ends with: letters, digits, - and _ (`PLk5J4n_jBsbcQ`, `udp-echo`).
  const token = /[A-Za-z0-9_-]*$/.exec(text)![0];
  if (/[0-9]/.test(last)) return numberSound(/[0-9]+$/.exec(text)![0]);
  if (!/[A-Za-z]/.test(last)) return "";
  const letters = /[A-Za-z]+$/.exec(text)![0];
  // A random token (a session id, an ETag) is read letter by letter.
  if (/[0-9]/.test(token)) return letterName(last);
  // camelCase and Capitalised words: the last word (HttpOnly → Only, ETag → Tag).
  const word = /[A-Z]?[a-z]+$/.exec(letters)?.[0] ?? /[A-Z]+$/.exec(letters)![0];
  if (word === word.toUpperCase()) {
    if (READ_AS_WORD[word]) return READ_AS_WORD[word];
    // An acronym (TCP, HTTP, RST, GMT) by its letters; a longer word with vowels as a word.
    if (word.length <= 3 || !/[AEIOU]/.test(word)) return letterName(last);
  } else if (!/[aeiouy]/i.test(word)) {
    return letterName(last); // html, ms, tcp
  }
  return wordSound(word.toLowerCase());
}

function letterName(letter: string): string {
  return (LETTERS[letter.toLowerCase()] ?? "").at(-1) ?? "";
}

function numberSound(digits: string): string {
  const zeros = /0*$/.exec(digits)![0].length;
  if (zeros === 0 || zeros === digits.length) return DIGITS[Number(digits.at(-1))]!;
  return zeros < 4 ? PLACES[zeros]! : zeros < 8 ? "만" : zeros < 12 ? "억" : "조";
}

/**
 * How a Korean loanword ends for an English word (외래어 표기법, roughly):
 * -ng 잉, -m 엄, -n 언, -l/-le 얼, a short vowel before p/t/k keeps it as a
 * final consonant (get 겟, stop 스톱, check 첵, timeout 아웃); anything else
 * ends in a vowel (host 호스트, cache 캐시, close 클로즈, server 서버).
 */
function wordSound(word: string): string {
  if (/ng$/.test(word)) return "잉";
  if (/me?$/.test(word)) return "엄";
  if (/ne?$/.test(word)) return "언";
  if (/le?$/.test(word)) return "얼";
  if (/(^|[^aeiou])[aeiou](p|t|k|ck)$/.test(word) || /out$/.test(word)) return "익";
  return "어";
}
