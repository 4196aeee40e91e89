import { engineSay } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { Interrupted } from "../net/env.js";
import type { Question } from "../runtime/lesson.js";

export interface Answer {
  chosen: number;
  right: boolean;
}

/** Ask one multiple-choice question with inquirer (loaded only when a question is asked). */
export async function ask(
  question: Question,
  locale: Locale,
  signal: AbortSignal,
  /** The key help under the choices, in the user's language (inquirer's own is English). */
  keysHelp?: string,
): Promise<Answer> {
  const { default: inquirer } = await import("inquirer");
  const prompt = inquirer.createPromptModule({ signal });
  try {
    const { chosen } = await prompt<{ chosen: number }>([
      {
        type: "select",
        name: "chosen",
        message: question.prompt[locale],
        choices: question.choices.map((c, i) => ({ name: c[locale], value: i })),
        theme: {
          // inquirer's default marks any answered prompt with a green ✔, even a wrong answer.
          prefix: { idle: "?", done: "›" },
          style: { keysHelpTip: () => keysHelp ?? engineSay(locale)("run.predict.keys") },
        },
      },
    ]);
    return { chosen, right: chosen === question.answer };
  } catch (err) {
    if (err instanceof Error && /ExitPromptError|AbortPromptError/.test(err.name)) {
      throw new Interrupted();
    }
    throw err;
  }
}
