// The console's few behaviours htmx does not cover: code editors, upload progress, the live log's cap/follow/pause.
(function () {
  "use strict";
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  function initEditor(textarea) {
    if (!window.CodeMirror || textarea.dataset.editor) return;
    textarea.dataset.editor = "on";
    const cm = CodeMirror.fromTextArea(textarea, {
      // a viewer's page shows the code in a disabled fieldset: read only in the editor too
      readOnly: textarea.matches(":disabled"),
      mode: textarea.dataset.mode || "python", lineNumbers: true, indentUnit: 4, theme: dark ? "material-darker" : "idea",
      viewportMargin: Infinity,
      extraKeys: {
        // Esc leaves the editor, so Tab moves on to the next field again (keyboard users)
        Esc: (c) => c.getInputField().blur(),
        "Ctrl-S": (c) => { c.save(); textarea.form && textarea.form.requestSubmit(); },
        "Cmd-S": (c) => { c.save(); textarea.form && textarea.form.requestSubmit(); },
      },
    });
    // htmx reads the textarea: keep it current, and let inline validation see the change
    cm.on("change", (c) => { c.save(); textarea.dispatchEvent(new Event("input", { bubbles: true })); });
  }

  htmx.onLoad((root) => {
    (root.querySelectorAll ? root : document).querySelectorAll("textarea.code").forEach(initEditor);
  });

  // upload progress: a form sending a chosen file fills its own bar. The upload's events only (htmx's
  // htmx:xhr:progress mixes in the answer's download, which would send the bar back to 0)
  document.addEventListener("htmx:beforeSend", (e) => {
    const form = e.target.matches && e.target.matches("form") ? e.target : null; // not the checks while typing
    const bar = form && form.querySelector("progress.upload-progress");
    const file = form && Array.from(form.querySelectorAll("input[type=file]")).some((i) => i.files && i.files.length);
    if (!bar || !file) return;
    bar.value = 0;
    bar.hidden = false;
    e.detail.xhr.upload.addEventListener("progress", (p) => {
      if (p.lengthComputable) bar.value = Math.round((p.loaded / p.total) * 100);
    });
  });
  // the form stays (the invoke panel): its bar goes once the answer came
  document.addEventListener("htmx:afterRequest", (e) => {
    const form = e.target.matches && e.target.matches("form") ? e.target : null;
    const bar = form && form.querySelector("progress.upload-progress");
    if (bar && !e.detail.xhr.getResponseHeader("HX-Redirect")) bar.hidden = true;
  });

  // the live log: at most 1,000 lines kept; follow scrolls to the end; pause holds new lines until resumed
  const MAX_LINES = 1000;
  let held = [];
  function log() { return document.getElementById("log"); }
  function trimAndFollow() {
    const el = log();
    if (!el) return;
    while (el.childElementCount > MAX_LINES) el.firstElementChild.remove();
    const follow = document.getElementById("log-follow");
    if (!follow || follow.checked) el.scrollTop = el.scrollHeight;
  }
  document.addEventListener("htmx:sseBeforeMessage", (e) => {
    const pause = document.getElementById("log-pause");
    if (pause && pause.checked && e.detail.type === "line") {
      e.preventDefault();
      held.push(e.detail.data);
      if (held.length > MAX_LINES) held = held.slice(-MAX_LINES);
    } else if (e.detail.type === "reset") {
      held = [];
    }
  });
  document.addEventListener("htmx:sseMessage", trimAndFollow);
  document.addEventListener("change", (e) => {
    if (e.target.id === "log-pause" && !e.target.checked && log()) {
      log().insertAdjacentHTML("beforeend", held.join(""));
      held = [];
      trimAndFollow();
    }
    if (e.target.id === "log-follow") trimAndFollow();
  });
  document.addEventListener("DOMContentLoaded", trimAndFollow);

  // copy buttons (the new API token): the field is selected too, so Ctrl-C works where the clipboard API does not
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("[data-copy]");
    if (!button) return;
    const field = document.querySelector(button.dataset.copy);
    if (!field) return;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(() => { button.textContent = "Copied"; });
  });
})();
