import type { Locale, Params } from "../../src/i18n/locale.js";
import type { Session } from "./store.js";
import type { TextKey } from "./text.js";

export type PageSay = (key: TextKey, params?: Params) => string;

const HTML_SPECIAL = /[&<>"']/;

/** Everything user-typed (a name, an item) goes through here before it reaches a page. */
export function escapeHtml(text: string): string {
  // Most of a page's sentences have nothing to escape: a test allocates nothing.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}form{margin:.8rem 0}input{font:inherit;padding:.2rem .4rem}button{font:inherit}
.why{color:#555;font-size:.9rem;border-top:1px solid #ddd;padding-top:.6rem}code{background:#f3f3f3;padding:0 .2rem}`;

function layout(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export const USER_MAX = 40;
export const ITEM_MAX = 60;
export const CART_MAX = 50;

/** GET /: the greeting, the visit count, and the forms. */
export function homePage(say: PageSay, locale: Locale, s: Session): string {
  const greeting = s.user ? say("page.hello", { user: s.user }) : say("page.stranger");
  const account = s.user
    ? `<form method="post" action="/logout"><button type="submit" id="logout">${escapeHtml(say("page.logout"))}</button></form>`
    : `<form method="post" action="/login"><label>${escapeHtml(say("page.loginLabel"))} <input name="user" id="user" required maxlength="${USER_MAX}" autocomplete="username"></label> <button type="submit" id="login">${escapeHtml(say("page.login"))}</button></form>`;
  return layout(
    locale,
    say("page.title"),
    `<h1 id="greeting">${escapeHtml(greeting)}</h1>
<p id="visits">${escapeHtml(say("page.visits", { visits: s.visits }))}</p>
<p>${escapeHtml(say("page.cartCount", { count: s.cart.length }))} · <a href="/cart">${escapeHtml(say("page.cartLink"))}</a></p>
${account}
${cartForm(say)}
<p class="why">${escapeHtml(say("page.how"))}<br>${escapeHtml(say("page.script"))} <code id="js">…</code></p>
<script>document.getElementById("js").textContent = JSON.stringify(document.cookie);</script>`,
  );
}

/** GET /cart: what the session holds. */
export function cartPage(say: PageSay, locale: Locale, s: Session): string {
  const items =
    s.cart.length === 0
      ? `<p>${escapeHtml(say("page.cartEmpty"))}</p>`
      : `<ul id="cart">\n${s.cart.map((i) => `<li>${escapeHtml(i)}</li>`).join("\n")}\n</ul>`;
  return layout(
    locale,
    `${say("page.cartTitle")} · ${say("page.title")}`,
    `<h1>${escapeHtml(say("page.cartTitle"))}</h1>
${items}
${cartForm(say)}
<p><a href="/">${escapeHtml(say("page.back"))}</a></p>`,
  );
}

function cartForm(say: PageSay): string {
  return `<form method="post" action="/cart"><label>${escapeHtml(say("page.itemLabel"))} <input name="item" id="item" required maxlength="${ITEM_MAX}"></label> <button type="submit" id="add">${escapeHtml(say("page.add"))}</button></form>`;
}

/** A short page for errors and redirects, so a browser never shows a blank screen. */
export function messagePage(say: PageSay, locale: Locale, title: string, message: string): string {
  return layout(
    locale,
    `${title} · ${say("page.title")}`,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">${escapeHtml(say("page.back"))}</a></p>`,
  );
}
