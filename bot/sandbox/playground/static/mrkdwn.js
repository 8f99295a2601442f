// Slack mrkdwn -> HTML for the playground. Everything is HTML-escaped first; only the tags this
// file writes reach the page, so text the bot (or a person) sends can never inject markup.
"use strict";

(function () {
  const EMOJI = {
    alarm_clock: "⏰", bell: "🔔", bulb: "💡", cloud: "☁️", cloud_with_rain: "🌧️",
    envelope: "✉️", green_heart: "💚", heart: "❤️", hourglass_flowing_sand: "⏳", lock: "🔒",
    mostly_sunny: "🌤️", package: "📦", partly_sunny: "⛅", rain_cloud: "🌧️", seedling: "🌱",
    smile: "😄", slightly_smiling_face: "🙂", speech_balloon: "💬", sunny: "☀️", thermometer: "🌡️",
    tada: "🎉", thumbsup: "👍", "+1": "👍", wave: "👋", white_check_mark: "✅", white_circle: "⚪",
    zzz: "💤", warning: "⚠️", pray: "🙏", hugging_face: "🤗", sparkles: "✨", eyes: "👀",
    calendar: "📅", memo: "📝", raised_hands: "🙌", thinking_face: "🤔", x: "❌", star: "⭐",
    heavy_check_mark: "✔️", information_source: "ℹ️", sob: "😭", cry: "😢", muscle: "💪",
    smiley: "😃", blush: "😊", neutral_face: "😐", disappointed: "😞", confused: "😕",
    writing_hand: "✍️", point_right: "👉", rocket: "🚀", coffee: "☕", sun_with_face: "🌞",
  };

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  // Slack sends &, < and > as &amp; &lt; &gt; inside text; show them as the characters.
  function unescapeSlack(text) {
    return String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function emoji(html) {
    return html.replace(/:([a-z0-9_+-]+):/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(EMOJI, name)
        ? `<span class="emoji" title=":${name}:">${EMOJI[name]}</span>`
        : whole);
  }

  function safeHref(url) {
    return /^(https?:|mailto:)/i.test(url) ? url : null;
  }

  // <https://x|label>, <@U123>, <#C123|name>, <!here>: rendered from the raw token.
  function angle(token, users) {
    const [target, label] = splitOnce(token, "|");
    if (target.startsWith("@")) {
      const id = target.slice(1);
      const name = (users && users[id]) || label || id;
      return `<span class="mention">@${escapeHtml(unescapeSlack(name))}</span>`;
    }
    if (target.startsWith("#")) {
      const id = target.slice(1);
      const name = label || (users && users[id]) || id;
      return `<span class="mention">#${escapeHtml(unescapeSlack(name))}</span>`;
    }
    if (target.startsWith("!")) {
      const name = target.slice(1).split("^")[0];
      return `<span class="mention">@${escapeHtml(label || name)}</span>`;
    }
    const url = unescapeSlack(target);
    const href = safeHref(url);
    const shown = escapeHtml(unescapeSlack(label || target));
    return href
      ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${shown}</a>`
      : shown;
  }

  function splitOnce(text, sep) {
    const at = text.indexOf(sep);
    return at === -1 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
  }

  // Bold, italic and strike apply between word boundaries, like Slack's.
  function inline(html) {
    return html
      .replace(/(^|[\s(>])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s.,!?;:)<])/g, "$1<strong>$2</strong>")
      .replace(/(^|[\s(>])_(?=\S)([^_\n]*?\S)_(?=$|[\s.,!?;:)<])/g, "$1<em>$2</em>")
      .replace(/(^|[\s(>])~(?=\S)([^~\n]*?\S)~(?=$|[\s.,!?;:)<])/g, "$1<del>$2</del>");
  }

  /**
   * Render Slack mrkdwn as HTML. `users` maps user and channel IDs to the names <@U…> and
   * <#C…> mentions show.
   * Placeholders (\u0000n\u0000) keep code and links out of the formatting passes.
   */
  function toHtml(text, users) {
    const held = [];
    const hold = (html) => `\u0000${held.push(html) - 1}\u0000`;
    let source = String(text == null ? "" : text).replace(/\u0000/g, "");
    source = source.replace(/```([\s\S]*?)```/g, (_, code) =>
      hold(`<pre class="code-block">${escapeHtml(unescapeSlack(code.replace(/^\n/, "")))}</pre>`));
    source = source.replace(/`([^`\n]+)`/g, (_, code) =>
      hold(`<code>${escapeHtml(unescapeSlack(code))}</code>`));
    source = source.replace(/<([^<>\n]+)>/g, (_, token) => hold(angle(token, users)));
    let html = escapeHtml(unescapeSlack(source));
    html = html
      .split("\n")
      .map((line) => (line.startsWith("&gt; ") || line === "&gt;"
        ? `<blockquote>${line.replace(/^&gt; ?/, "")}</blockquote>`
        : line))
      .join("\n");
    html = emoji(inline(html));
    html = html.replace(/\n/g, "<br>").replace(/<\/blockquote><br>/g, "</blockquote>");
    return html.replace(/\u0000(\d+)\u0000/g, (_, n) => held[Number(n)]);
  }

  /** Plain text objects: escaped, emoji shown (Slack does when `emoji` is true). */
  function plainToHtml(text) {
    return emoji(escapeHtml(text == null ? "" : text)).replace(/\n/g, "<br>");
  }

  window.Mrkdwn = { toHtml, plainToHtml, escapeHtml };
})();
