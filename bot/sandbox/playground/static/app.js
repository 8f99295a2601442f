// The Kindred playground: a Slack-like page drawn from the real Block Kit the bot sends.
// Every button, select and modal round-trips through the JSON API to the real `kindred serve`.
"use strict";

(function () {
  const { toHtml, plainToHtml, escapeHtml } = window.Mrkdwn;
  const $ = (selector, root = document) => root.querySelector(selector);
  const POLL_MS = 2500;
  const TYPING_MS = 400;
  // Drawn, not an emoji: machines without an emoji font (CI) still show it.
  const EYE = '<svg class="eye" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">' +
    '<path d="M8 3C4.5 3 1.7 5.3.6 8c1.1 2.7 3.9 5 7.4 5s6.3-2.3 7.4-5C14.3 5.3 11.5 3 8 3zm0 8.3A3.3 3.3 0 1 1 8 4.7a3.3 3.3 0 0 1 0 6.6zM8 6.3a1.7 1.7 0 1 0 0 3.4 1.7 1.7 0 0 0 0-3.4z" fill="currentColor"/></svg>';

  const view = {
    user: null, // the person whose Slack we show
    nav: "dm", // "home", "dm" or a channel id
    thread: null, // ts of the open thread, in view.threadChannel
    threadChannel: null,
    data: null, // the last /api/state answer
    rendered: { conversation: "", thread: "", modal: "", modalErrors: "", sidebar: "" },
    busy: 0,
    version: 0,
    scrollToEnd: false, // the next redraw shows the newest messages
    typing: null, // the timer that sends what was typed in a modal (live preview)
  };

  // ------------------------------------------------------------------ talking to the server

  async function api(path, body) {
    const init = body === undefined
      ? { method: "GET" }
      : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const response = await fetch(path, init);
    let data;
    try {
      data = await response.json();
    } catch (_) {
      data = { error: `${response.status} ${response.statusText}` };
    }
    if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
    return data;
  }

  function setBusy(delta) {
    view.busy += delta;
    document.body.dataset.busy = String(view.busy);
    document.body.classList.toggle("busy", view.busy > 0);
  }

  /** Run one action as the current person, show what it produced, then redraw. */
  async function act(path, body) {
    setBusy(1);
    try {
      const answer = await api(path, { user: view.user, ...body });
      announce(answer.surfaces || [], answer.summary);
      view.scrollToEnd = true;
      await refresh();
      return answer;
    } catch (error) {
      toast(error.message, "error");
      await refresh().catch(() => {});
      return null;
    } finally {
      setBusy(-1);
    }
  }

  async function refresh() {
    if (!view.user) return;
    const params = new URLSearchParams({ user: view.user, nav: view.nav });
    if (view.thread) {
      params.set("thread", view.thread);
      params.set("thread_channel", view.threadChannel);
    }
    const data = await api(`/api/state?${params}`);
    view.data = data;
    try {
      render();
    } finally {
      view.scrollToEnd = false;
    }
  }

  // ------------------------------------------------------------------ the page

  function namesById() {
    const names = {};
    for (const person of (view.data && view.data.people) || []) names[person.id] = person.real_name;
    for (const channel of (view.data && view.data.channels) || []) names[channel.id] = channel.name;
    return names;
  }

  function md(text) {
    return toHtml(text, namesById());
  }

  function textObject(obj) {
    if (!obj) return "";
    return obj.type === "mrkdwn" ? md(obj.text) : plainToHtml(obj.text);
  }

  function render() {
    const data = view.data;
    renderSidebar(data);
    renderHeader(data);
    if (view.nav === "home") {
      renderHome(data);
    } else {
      renderConversation(data);
    }
    renderThread(data);
    renderModal(data.modal);
    syncHash();
    view.version += 1;
    document.body.dataset.version = String(view.version);
  }

  function renderSidebar(data) {
    $("#workspace-name").textContent = data.workspace;
    const key = JSON.stringify([data.people, data.user.id, data.channels]);
    if (view.rendered.sidebar !== key) {
      view.rendered.sidebar = key;
      const select = $("#user-switch");
      select.innerHTML = data.people
        .map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.real_name)}${p.is_manager ? " ★ manager" : ""}</option>`)
        .join("");
      select.value = data.user.id;
      $("#user-card").innerHTML =
        `${avatar(data.user.real_name, false)}<div><div class="user-name">${escapeHtml(data.user.real_name)}` +
        `${data.user.is_manager ? ' <span class="badge manager">Manager</span>' : ""}</div>` +
        `<div class="muted">${escapeHtml(data.user.title || "")}${data.user.manager_name ? ` · reports to ${escapeHtml(data.user.manager_name)}` : ""}</div></div>`;
      $("#nav-channels").innerHTML = data.channels
        .map((c) => `<button type="button" class="nav-item" data-nav="${escapeHtml(c.id)}"><span class="hash">#</span> ${escapeHtml(c.name)}</button>`)
        .join("");
    }
    for (const item of document.querySelectorAll(".nav-item")) {
      const nav = item.dataset.nav;
      item.classList.toggle("active", nav === view.nav);
    }
  }

  function renderHeader(data) {
    const where = data.where;
    $("#channel-title").innerHTML = where.kind === "channel"
      ? `<span class="hash">#</span> ${escapeHtml(where.name)}`
      : `<span class="app-icon">K</span> Kindred <span class="nav-sub">${where.kind === "home" ? "Home" : "Messages"}</span>`;
    $("#channel-topic").textContent = where.topic || "";
    $("#composer-input").placeholder = where.kind === "channel"
      ? `Message #${where.name}`
      : "Message Kindred (or type a /command)";
  }

  /** Redraw, keeping the newest in sight: after the person acted, or if they were at the end. */
  function stickToBottom(container, render) {
    const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
    render();
    if (atBottom || view.scrollToEnd) container.scrollTop = container.scrollHeight;
  }

  function renderConversation(data) {
    const key = JSON.stringify([view.nav, data.conversation, data.people]);
    if (key === view.rendered.conversation) return;
    view.rendered.conversation = key;
    const container = $("#conversation");
    container.classList.remove("home");
    stickToBottom(container, () => {
      const items = data.conversation || [];
      container.innerHTML = items.length
        ? ""
        : `<div class="empty">Nothing here yet. ${data.where.kind === "channel" ? "Say something, or try <code>/share</code>." : "Try <code>/checkin</code>."}</div>`;
      for (const surface of items) container.appendChild(messageElement(surface, false));
    });
    $("#composer").hidden = false;
  }

  function renderHome(data) {
    const key = JSON.stringify(["home", data.home, data.people]);
    if (key === view.rendered.conversation) return;
    view.rendered.conversation = key;
    const container = $("#conversation");
    container.classList.add("home");
    container.innerHTML = "";
    const home = data.home;
    if (!home) {
      container.innerHTML = '<div class="empty">Opening Home…</div>';
    } else {
      const page = el("div", "home-view surface");
      page.dataset.key = home.key;
      page.dataset.kind = "home";
      page.appendChild(audienceElement(home.audience));
      page.appendChild(blocksElement((home.view && home.view.blocks) || [], { surface: home, modal: false }));
      container.appendChild(page);
    }
    $("#composer").hidden = true;
  }

  function renderThread(data) {
    const pane = $("#thread-pane");
    if (!view.thread || !data.thread) {
      pane.hidden = true;
      view.rendered.thread = "";
      return;
    }
    pane.hidden = false;
    $("#thread-channel").textContent = data.thread.channel_label || "";
    const key = JSON.stringify([data.thread, data.people]);
    if (key === view.rendered.thread) return;
    view.rendered.thread = key;
    const container = $("#thread");
    stickToBottom(container, () => {
      container.innerHTML = "";
      const [parent, ...replies] = data.thread.messages;
      if (parent) container.appendChild(messageElement(parent, true));
      const count = el("div", "reply-divider");
      count.textContent = replies.length === 1 ? "1 reply" : `${replies.length} replies`;
      container.appendChild(count);
      for (const reply of replies) container.appendChild(messageElement(reply, true));
    });
  }

  // ------------------------------------------------------------------ messages

  function el(tag, className, html) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function initials(name) {
    return (name || "?").split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]).join("").toUpperCase();
  }

  function avatar(name, isApp) {
    if (isApp) return '<div class="avatar app">K</div>';
    let hash = 0;
    for (const ch of name || "") hash = (hash * 31 + ch.charCodeAt(0)) % 360;
    return `<div class="avatar" style="background: hsl(${hash}, 45%, 45%)">${escapeHtml(initials(name))}</div>`;
  }

  function clock(ts) {
    if (!ts) return "";
    const when = new Date(Number(ts.split(".")[0]) * 1000);
    return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function audienceElement(audience) {
    const line = el("div", "audience");
    line.innerHTML = `${EYE} <span class="audience-text"></span>`;
    $(".audience-text", line).textContent = audience || "";
    line.title = "Who can see this";
    return line;
  }

  function messageElement(surface, inThread) {
    const isApp = surface.author === "Kindred";
    const node = el("div", `message surface kind-${surface.kind}`);
    node.dataset.key = surface.key;
    node.dataset.kind = surface.kind;
    if (surface.ts) node.dataset.ts = surface.ts;
    node.innerHTML = avatar(surface.author, isApp);
    const body = el("div", "message-body");
    if (surface.kind === "ephemeral") {
      body.appendChild(el("div", "ephemeral-label", `${EYE} Only visible to you`));
    }
    const meta = el("div", "meta");
    meta.innerHTML = `<span class="author">${escapeHtml(surface.author)}</span>` +
      (isApp ? '<span class="badge app">APP</span>' : "") +
      `<span class="time">${escapeHtml(clock(surface.ts))}</span>` +
      (surface.edited ? '<span class="muted">(edited)</span>' : "");
    body.appendChild(meta);
    if (surface.blocks && surface.blocks.length) {
      body.appendChild(blocksElement(surface.blocks, { surface, modal: false }));
    } else {
      body.appendChild(el("div", "text", md(surface.text)));
    }
    body.appendChild(audienceElement(surface.audience));
    if (!inThread && surface.reply_count) {
      const link = el("button", "replies-link");
      link.type = "button";
      link.textContent = surface.reply_count === 1 ? "1 reply" : `${surface.reply_count} replies`;
      link.addEventListener("click", () => openThread(surface.channel, surface.ts));
      body.appendChild(link);
    }
    node.appendChild(body);
    if (surface.kind === "message" && surface.ts) node.appendChild(moreMenu(surface, inThread));
    return node;
  }

  /** The "⋯" on a message: reply in thread, and Kindred's message shortcuts. */
  function moreMenu(surface, inThread) {
    const wrap = el("div", "message-tools");
    const button = el("button", "icon-button more-button", "⋯");
    button.type = "button";
    button.title = "More actions";
    button.setAttribute("aria-label", "More actions");
    wrap.appendChild(button);
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      const items = [];
      if (!inThread) items.push({ label: "Reply in thread", run: () => openThread(surface.channel, surface.thread_ts || surface.ts) });
      for (const shortcut of (view.data && view.data.message_shortcuts) || []) {
        items.push({
          label: `${shortcut.name}`,
          sub: "Kindred",
          id: shortcut.callback_id,
          run: () => act("/api/shortcut", {
            callback_id: shortcut.callback_id,
            key: surface.key,
            channel: surface.channel,
            thread_ts: surface.thread_ts,
          }),
        });
      }
      popupMenu(button, items);
    });
    return wrap;
  }

  function popupMenu(anchor, items) {
    closeMenus();
    const menu = el("div", "menu popup");
    for (const item of items) {
      const entry = el("button", "menu-item");
      entry.type = "button";
      if (item.id) entry.dataset.shortcut = item.id;
      if (item.value !== undefined) entry.dataset.value = item.value;
      entry.innerHTML = `${escapeHtml(item.label)}${item.sub ? ` <span class="muted">${escapeHtml(item.sub)}</span>` : ""}`;
      entry.addEventListener("click", (event) => {
        event.stopPropagation();
        closeMenus();
        item.run();
      });
      menu.appendChild(entry);
    }
    document.body.appendChild(menu);
    const box = anchor.getBoundingClientRect();
    const left = Math.min(box.left, window.innerWidth - 260);
    menu.style.left = `${Math.max(8, left)}px`;
    const below = box.bottom + 4;
    menu.style.top = `${below + menu.offsetHeight > window.innerHeight ? Math.max(8, box.top - menu.offsetHeight - 4) : below}px`;
  }

  function closeMenus() {
    for (const menu of document.querySelectorAll(".menu.popup")) menu.remove();
    $("#shortcuts-menu").hidden = true;
  }

  // ------------------------------------------------------------------ Block Kit

  function blocksElement(blocks, ctx) {
    const container = el("div", "blocks");
    for (const block of blocks) container.appendChild(blockElement(block, ctx));
    return container;
  }

  function blockElement(block, ctx) {
    const node = el("div", `block block-${block.type}`);
    if (block.block_id) node.dataset.blockId = block.block_id;
    switch (block.type) {
      case "section": {
        const main = el("div", "section-main");
        if (block.text) main.appendChild(el("div", "section-text", textObject(block.text)));
        if (block.fields && block.fields.length) {
          const fields = el("div", "fields");
          for (const field of block.fields) fields.appendChild(el("div", "field", textObject(field)));
          main.appendChild(fields);
        }
        node.appendChild(main);
        if (block.accessory) {
          const side = el("div", "accessory");
          side.appendChild(elementNode(block.accessory, block, ctx));
          node.appendChild(side);
        }
        break;
      }
      case "context":
        for (const item of block.elements || []) {
          if (item.type === "image") node.appendChild(el("span", "context-image", escapeHtml(item.alt_text || "")));
          else node.appendChild(el("span", "context-item", textObject(item)));
        }
        break;
      case "divider":
        node.appendChild(el("hr"));
        break;
      case "header":
        node.appendChild(el("h3", "header", plainToHtml(block.text && block.text.text)));
        break;
      case "actions":
        for (const item of block.elements || []) node.appendChild(elementNode(item, block, ctx));
        break;
      case "input":
        inputBlock(node, block, ctx);
        break;
      case "image":
        node.appendChild(el("div", "image-placeholder", `🖼 ${escapeHtml(block.alt_text || "image")}`));
        break;
      case "rich_text":
        node.appendChild(el("div", "section-text", md(richText(block))));
        break;
      default:
        node.appendChild(el("div", "unsupported", `(a ${escapeHtml(block.type)} block the playground does not draw)`));
    }
    return node;
  }

  function richText(block) {
    const parts = [];
    const walk = (items) => {
      for (const item of items || []) {
        if (item.type === "text") parts.push(item.text);
        else if (item.type === "user") parts.push(`<@${item.user_id}>`);
        else if (item.type === "link") parts.push(`<${item.url}|${item.text || item.url}>`);
        else if (item.type === "emoji") parts.push(`:${item.name}:`);
        else if (item.elements) walk(item.elements);
      }
    };
    walk(block.elements);
    return parts.join("");
  }

  function optionLabel(option) {
    return option && option.text ? option.text.text : "";
  }

  function allOptions(element) {
    if (element.options) return element.options;
    return (element.option_groups || []).flatMap((group) => group.options || []);
  }

  /** An interactive element outside an input block: it sends block_actions when used. */
  function elementNode(element, block, ctx) {
    const send = (value) => act("/api/click", {
      key: ctx.surface.key,
      channel: ctx.surface.channel,
      thread_ts: ctx.surface.thread_ts,
      action_id: element.action_id,
      value,
    });
    switch (element.type) {
      case "button": {
        const button = el("button", `btn${element.style ? ` ${element.style}` : ""}`, plainToHtml(element.text && element.text.text));
        button.type = "button";
        button.dataset.actionId = element.action_id || "";
        if (element.value !== undefined) button.dataset.value = element.value;
        if (element.url) button.title = element.url;
        button.addEventListener("click", async () => {
          if (element.confirm && !(await confirmDialog(element.confirm))) return;
          send(element.value);
        });
        return button;
      }
      case "static_select": {
        const select = el("select", "select");
        select.dataset.actionId = element.action_id || "";
        select.innerHTML = selectOptions(element, element.initial_option);
        select.addEventListener("change", async () => {
          if (element.confirm && !(await confirmDialog(element.confirm))) {
            select.innerHTML = selectOptions(element, element.initial_option);
            return;
          }
          send(select.value);
        });
        return select;
      }
      case "overflow": {
        const button = el("button", "btn overflow", "⋯");
        button.type = "button";
        button.title = "More";
        button.dataset.actionId = element.action_id || "";
        button.addEventListener("click", (event) => {
          event.stopPropagation();
          popupMenu(button, (element.options || []).map((option) => ({
            label: optionLabel(option),
            value: option.value,
            run: async () => {
              if (element.confirm && !(await confirmDialog(element.confirm))) return;
              send(option.value);
            },
          })));
        });
        return button;
      }
      case "image":
        return el("span", "image-placeholder", `🖼 ${escapeHtml(element.alt_text || "image")}`);
      default:
        return el("span", "unsupported", `(${escapeHtml(element.type)})`);
    }
  }

  function selectOptions(element, initial) {
    const chosen = initial ? initial.value : null;
    const placeholder = element.placeholder ? element.placeholder.text : "Choose…";
    const option = (o) => `<option value="${escapeHtml(o.value)}"${o.value === chosen ? " selected" : ""}>${escapeHtml(optionLabel(o))}</option>`;
    let html = `<option value="" disabled${chosen === null ? " selected" : ""}>${escapeHtml(placeholder)}</option>`;
    if (element.option_groups) {
      for (const group of element.option_groups) {
        html += `<optgroup label="${escapeHtml(group.label ? group.label.text : "")}">${(group.options || []).map(option).join("")}</optgroup>`;
      }
    } else {
      html += (element.options || []).map(option).join("");
    }
    return html;
  }

  /** An input block in a modal: a form field whose value goes with Submit. */
  function inputBlock(node, block, ctx) {
    const element = block.element || {};
    const id = `input-${block.block_id || element.action_id}`;
    const label = el("label", "input-label");
    label.htmlFor = id;
    label.innerHTML = plainToHtml(block.label && block.label.text) +
      (block.optional ? ' <span class="muted">(optional)</span>' : "");
    node.appendChild(label);
    let field;
    switch (element.type) {
      case "plain_text_input": {
        field = el(element.multiline ? "textarea" : "input", "text-input");
        if (!element.multiline) field.type = "text";
        else field.rows = 4;
        if (element.initial_value) field.value = element.initial_value;
        if (element.placeholder) field.placeholder = element.placeholder.text;
        if (element.max_length) field.maxLength = element.max_length;
        field.dataset.kind = "text";
        if (block.dispatch_action && ctx.modal) {
          // Slack sends what was typed so far (Kindred's live preview follows it).
          const input = field;
          input.addEventListener("input", () => {
            clearTimeout(view.typing);
            view.typing = setTimeout(() => typed(ctx.surface.key, element.action_id, input.value), TYPING_MS);
          });
        }
        break;
      }
      case "static_select": {
        field = el("select", "select");
        field.innerHTML = selectOptions(element, element.initial_option);
        field.dataset.kind = "select";
        break;
      }
      case "users_select": {
        // One person, or nobody (an optional input left empty).
        field = el("select", "select");
        field.innerHTML = [`<option value=""></option>`]
          .concat(view.data.people.map((p) => `<option value="${escapeHtml(p.id)}"${p.id === element.initial_user ? " selected" : ""}>${escapeHtml(p.real_name)}</option>`))
          .join("");
        field.dataset.kind = "select";
        break;
      }
      case "multi_users_select":
      case "multi_static_select": {
        field = el("select", "select multi");
        field.multiple = true;
        const options = element.type === "multi_users_select"
          ? view.data.people.map((p) => ({ value: p.id, label: p.real_name }))
          : allOptions(element).map((o) => ({ value: o.value, label: optionLabel(o) }));
        const initial = new Set(element.initial_users || (element.initial_options || []).map((o) => o.value));
        field.size = Math.min(6, Math.max(3, options.length));
        field.innerHTML = options
          .map((o) => `<option value="${escapeHtml(o.value)}"${initial.has(o.value) ? " selected" : ""}>${escapeHtml(o.label)}</option>`)
          .join("");
        field.dataset.kind = "multi";
        break;
      }
      case "radio_buttons":
      case "checkboxes": {
        const radio = element.type === "radio_buttons";
        field = el("div", radio ? "choices radios" : "choices checkboxes");
        field.setAttribute("role", radio ? "radiogroup" : "group");
        const initial = new Set(radio
          ? (element.initial_option ? [element.initial_option.value] : [])
          : (element.initial_options || []).map((o) => o.value));
        (element.options || []).forEach((option, i) => {
          const choice = el("label", "choice");
          const box = el("input");
          box.type = radio ? "radio" : "checkbox";
          box.name = id;
          box.value = option.value;
          box.id = `${id}-${i}`;
          box.checked = initial.has(option.value);
          choice.appendChild(box);
          const words = el("span", "choice-text", textObject(option.text));
          if (option.description) words.appendChild(el("span", "choice-description", textObject(option.description)));
          choice.appendChild(words);
          field.appendChild(choice);
        });
        field.dataset.kind = radio ? "radio" : "checkbox";
        break;
      }
      default:
        field = el("div", "unsupported", `(a ${escapeHtml(element.type)} input the playground does not draw)`);
        field.dataset.kind = "unsupported";
    }
    field.id = id;
    field.classList.add("modal-input");
    field.dataset.actionId = element.action_id || "";
    field.dataset.blockId = block.block_id || "";
    node.appendChild(field);
    if (block.hint) node.appendChild(el("div", "hint", plainToHtml(block.hint.text)));
    const error = el("div", "input-error");
    error.hidden = true;
    node.appendChild(error);
  }

  /** Values by action_id, as Sandbox.submit takes them. */
  function modalValues(form) {
    const values = {};
    for (const field of form.querySelectorAll(".modal-input")) {
      const id = field.dataset.actionId;
      if (!id) continue;
      switch (field.dataset.kind) {
        case "text":
          values[id] = field.value;
          break;
        case "select":
          values[id] = field.value || null;
          break;
        case "multi":
          values[id] = Array.from(field.selectedOptions).map((o) => o.value);
          break;
        case "radio": {
          const picked = field.querySelector("input:checked");
          values[id] = picked ? picked.value : null;
          break;
        }
        case "checkbox":
          values[id] = Array.from(field.querySelectorAll("input:checked")).map((box) => box.value);
          break;
        default:
          break;
      }
    }
    return values;
  }

  // ------------------------------------------------------------------ modals and dialogs

  function renderModal(modal) {
    const layer = $("#modal-layer");
    const box = $("#modal");
    if (!modal) {
      layer.hidden = true;
      box.innerHTML = "";
      view.rendered.modal = "";
      return;
    }
    layer.hidden = false;
    // Redraw only when the view itself changed, so what the person typed survives polling
    // and validation errors.
    const key = JSON.stringify([modal.key, modal.view, modal.audience]);
    if (key !== view.rendered.modal) {
      view.rendered.modal = key;
      view.rendered.modalErrors = "";
      drawModal(box, modal);
    }
    showErrors(box, modal.errors || {});
  }

  function drawModal(box, modal) {
    const spec = modal.view || {};
    // The same window updated by Kindred (a live preview): what the person typed, and where
    // their cursor was, survive the redraw.
    const oldForm = box.dataset.key === modal.key ? $(".modal-body", box) : null;
    const kept = oldForm ? modalValues(oldForm) : {};
    const focused = oldForm && oldForm.contains(document.activeElement) ? document.activeElement : null;
    const focus = focused && focused.closest(".modal-input")
      ? { id: focused.closest(".modal-input").dataset.actionId, start: focused.selectionStart, end: focused.selectionEnd }
      : null;
    box.innerHTML = "";
    box.dataset.key = modal.key;
    box.dataset.callbackId = spec.callback_id || "";
    const header = el("div", "modal-header");
    header.innerHTML = `<span class="app-icon">K</span><h2>${plainToHtml(spec.title && spec.title.text)}</h2>`;
    const close = el("button", "icon-button modal-x", "✕");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", () => closeModal());
    header.appendChild(close);
    box.appendChild(header);
    const form = el("form", "modal-body");
    form.appendChild(blocksElement(spec.blocks || [], { surface: modal, modal: true }));
    form.appendChild(audienceElement(modal.audience));
    box.appendChild(form);
    const footer = el("div", "modal-footer");
    const cancel = el("button", "btn", plainToHtml(spec.close ? spec.close.text : spec.submit ? "Cancel" : "Close"));
    cancel.type = "button";
    cancel.classList.add("modal-cancel");
    cancel.addEventListener("click", () => closeModal());
    footer.appendChild(cancel);
    if (spec.submit) {
      const submit = el("button", "btn primary modal-submit", plainToHtml(spec.submit.text));
      submit.type = "submit";
      footer.appendChild(submit);
      submit.addEventListener("click", (event) => {
        event.preventDefault();
        form.requestSubmit();
      });
    }
    box.appendChild(footer);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!spec.submit) return;
      clearTimeout(view.typing);
      act("/api/submit", { values: modalValues(form) });
    });
    restoreValues(form, kept);
    if (focus) {
      const again = Array.from(form.querySelectorAll(".modal-input")).find((f) => f.dataset.actionId === focus.id);
      const target = again && (again.matches("input, textarea, select") ? again : again.querySelector("input"));
      if (target) {
        target.focus();
        if (typeof focus.start === "number" && target.setSelectionRange) target.setSelectionRange(focus.start, focus.end);
      }
    } else if (!oldForm) {
      const first = form.querySelector("textarea, input[type=text]");
      if (first) setTimeout(() => first.focus(), 0);
    }
  }

  function restoreValues(form, values) {
    for (const field of form.querySelectorAll(".modal-input")) {
      const value = values[field.dataset.actionId];
      if (value === undefined || value === null) continue;
      switch (field.dataset.kind) {
        case "text":
        case "select":
          field.value = value;
          break;
        case "multi":
          for (const option of field.options) option.selected = value.includes(option.value);
          break;
        case "radio":
        case "checkbox": {
          const chosen = Array.isArray(value) ? value : [value];
          for (const box of field.querySelectorAll("input")) box.checked = chosen.includes(box.value);
          break;
        }
        default:
          break;
      }
    }
  }

  function closeModal() {
    clearTimeout(view.typing);
    act("/api/close", {});
  }

  function showErrors(box, errors) {
    const key = JSON.stringify(errors);
    if (key === view.rendered.modalErrors) return;
    view.rendered.modalErrors = key;
    for (const slot of box.querySelectorAll(".input-error")) {
      slot.hidden = true;
      slot.textContent = "";
      slot.parentElement.classList.remove("has-error");
    }
    for (const [blockId, message] of Object.entries(errors)) {
      const block = Array.from(box.querySelectorAll(".block-input")).find((b) => b.dataset.blockId === blockId);
      const slot = block && $(".input-error", block);
      if (!slot) continue;
      slot.textContent = message;
      slot.hidden = false;
      block.classList.add("has-error");
    }
  }

  function modalShown(key) {
    return !$("#modal-layer").hidden && $("#modal").dataset.key === key;
  }

  async function typed(key, actionId, value) {
    view.typing = null;
    if (!modalShown(key)) return; // submitted or closed meanwhile
    try {
      await api("/api/type", { user: view.user, key, action_id: actionId, value });
      await refresh();
    } catch (error) {
      if (modalShown(key)) toast(error.message, "error");
    }
  }

  /** Block Kit's confirm object as a dialog; resolves true when confirmed. */
  function confirmDialog(spec) {
    return new Promise((resolve) => {
      const layer = $("#confirm-layer");
      const box = $("#confirm");
      box.innerHTML = "";
      box.appendChild(el("div", "modal-header", `<h2>${plainToHtml(spec.title ? spec.title.text : "Are you sure?")}</h2>`));
      box.appendChild(el("div", "modal-body", textObject(spec.text)));
      const footer = el("div", "modal-footer");
      const deny = el("button", "btn confirm-deny", plainToHtml(spec.deny ? spec.deny.text : "Cancel"));
      const yes = el("button", `btn ${spec.style === "danger" ? "danger" : "primary"} confirm-yes`, plainToHtml(spec.confirm ? spec.confirm.text : "Yes"));
      deny.type = yes.type = "button";
      const done = (answer) => {
        layer.hidden = true;
        box.innerHTML = "";
        resolve(answer);
      };
      deny.addEventListener("click", () => done(false));
      yes.addEventListener("click", () => done(true));
      footer.append(deny, yes);
      box.appendChild(footer);
      layer.hidden = false;
      yes.focus();
    });
  }

  // ------------------------------------------------------------------ threads, toasts, navigation

  function openThread(channel, ts) {
    view.thread = ts;
    view.threadChannel = channel;
    refresh().catch((error) => toast(error.message, "error"));
  }

  function closeThread() {
    view.thread = null;
    view.threadChannel = null;
    render();
  }

  function toast(message, level) {
    const node = el("div", `toast ${level || "info"}`);
    node.textContent = message;
    $("#toasts").appendChild(node);
    setTimeout(() => node.remove(), level === "error" ? 8000 : 5000);
  }

  /** A short line per thing Kindred produced, so effects elsewhere (a DM, a channel) are seen. */
  function announce(surfaces, summary) {
    if (summary) toast(summary);
    const here = view.data ? view.data.where : null;
    for (const surface of surfaces) {
      if (surface.kind === "modal" || surface.kind === "home") continue;
      if (surface.viewer && surface.viewer !== view.user) continue;
      const place = surface.place || surface.channel || "";
      if (here && here.channel && surface.channel === here.channel) continue;
      toast(`${surface.author}: ${surface.change} ${surface.kind} in ${place} (${surface.audience})`);
    }
  }

  function navigate(nav) {
    view.nav = nav;
    view.rendered.conversation = "";
    view.scrollToEnd = true;
    closeMenus();
    if (nav === "home") {
      // Opening the tab is what makes Slack send app_home_opened.
      act("/api/home", {});
    } else {
      refresh().catch((error) => toast(error.message, "error"));
    }
  }

  function syncHash() {
    const params = new URLSearchParams({ user: view.user, nav: view.nav });
    const hash = `#${params}`;
    if (window.location.hash !== hash) history.replaceState(null, "", hash);
  }

  function readHash() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    return { user: params.get("user"), nav: params.get("nav") };
  }

  /** The composer: /commands go to Kindred, anything else is posted as the person. */
  async function send(input, threadTs) {
    const text = input.value.trim();
    if (!text) return;
    const channel = view.data.where.channel;
    let answer;
    if (!threadTs && text.startsWith("/")) {
      const [command, ...rest] = text.split(/\s+/);
      answer = await act("/api/command", { command, text: text.slice(command.length).trim(), channel });
      void rest;
    } else if (threadTs) {
      answer = await act("/api/say", { channel: view.threadChannel, text, thread_ts: threadTs });
    } else {
      answer = await act("/api/say", { channel, text });
    }
    if (answer) input.value = "";
  }

  function composerKeys(input, submit) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        submit();
      }
    });
  }

  async function start() {
    document.body.dataset.busy = "0";
    const meta = await api("/api/meta");
    const fromHash = readHash();
    const ids = meta.people.map((p) => p.id);
    view.user = ids.includes(fromHash.user) ? fromHash.user : meta.default_user;
    view.nav = fromHash.nav || "dm";
    $("#user-switch").addEventListener("change", (event) => {
      view.user = event.target.value;
      view.thread = null;
      view.rendered.conversation = "";
      view.scrollToEnd = true;
      view.rendered.modal = "";
      closeMenus();
      if (view.nav === "home") navigate("home");
      else refresh().catch((error) => toast(error.message, "error"));
    });
    $("#sidebar").addEventListener("click", (event) => {
      const item = event.target.closest(".nav-item");
      if (item) navigate(item.dataset.nav);
    });
    $("#run-week").addEventListener("click", () => act("/api/cycle", { which: "week" }));
    $("#run-friday").addEventListener("click", () => act("/api/cycle", { which: "friday" }));
    $("#run-monday").addEventListener("click", () => act("/api/cycle", { which: "monday" }));
    const composer = $("#composer");
    const input = $("#composer-input");
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      send(input, null);
    });
    composerKeys(input, () => send(input, null));
    const threadInput = $("#thread-input");
    $("#thread-composer").addEventListener("submit", (event) => {
      event.preventDefault();
      send(threadInput, view.thread);
    });
    composerKeys(threadInput, () => send(threadInput, view.thread));
    $("#thread-close").addEventListener("click", closeThread);
    $("#shortcuts-button").addEventListener("click", (event) => {
      event.stopPropagation();
      popupMenu(event.currentTarget, (meta.global_shortcuts || []).map((shortcut) => ({
        label: shortcut.name,
        sub: "Kindred",
        id: shortcut.callback_id,
        run: () => act("/api/shortcut", { callback_id: shortcut.callback_id }),
      })));
    });
    // A link or bookmark with another #user=…&nav=… switches person and place in place.
    window.addEventListener("hashchange", () => {
      const wanted = readHash();
      if (!ids.includes(wanted.user)) return;
      view.user = wanted.user;
      view.thread = null;
      view.rendered.modal = "";
      navigate(wanted.nav || "dm");
    });
    document.addEventListener("click", closeMenus);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeMenus();
    });
    if (view.nav === "home") navigate("home");
    else await refresh();
    setInterval(() => {
      if (view.busy === 0 && document.visibilityState === "visible") refresh().catch(() => {});
    }, POLL_MS);
  }

  start().catch((error) => toast(`The playground could not start: ${error.message}`, "error"));
})();
