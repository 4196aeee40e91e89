import { type Locale, type Params, translator } from "./locale.js";
import { type MessageKey, messages } from "./messages.js";

export type Say = (key: MessageKey, params?: Params) => string;

export function engineSay(locale: Locale): Say {
  return translator<MessageKey>(messages, locale);
}
