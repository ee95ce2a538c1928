// Passkeys (WebAuthn). Asks the server for options (JSON), lets the browser make or use a
// passkey, then submits the form with the browser's answer in its hidden "credential" field,
// so the server's answer is an ordinary page.
//
//   <form data-passkey="create" data-options-url="..."> ... submit button ... </form>
//   <button type="button" data-passkey="get" data-options-url="..."> inside a form
//   [data-passkey-problem]  in the same form: where a problem is told (role="alert")
//   [data-passkey-section]  hidden when this browser can't use passkeys
// Messages come from data-* attributes on the form or button, so they are translated.
(function () {
  "use strict";

  var supported = Boolean(window.PublicKeyCredential && navigator.credentials);

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials),
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withIds(json.allowCredentials),
    });
  }

  function common(credential) {
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
    };
  }

  function createdJSON(credential) {
    var response = credential.response;
    return Object.assign(common(credential), {
      response: {
        clientDataJSON: toText(response.clientDataJSON),
        attestationObject: toText(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      },
    });
  }

  function usedJSON(credential) {
    var response = credential.response;
    return Object.assign(common(credential), {
      response: {
        clientDataJSON: toText(response.clientDataJSON),
        authenticatorData: toText(response.authenticatorData),
        signature: toText(response.signature),
        userHandle: response.userHandle ? toText(response.userHandle) : null,
      },
    });
  }

  function tell(form, message) {
    var place = form.querySelector("[data-passkey-problem]");
    if (place) place.textContent = message || "";
  }

  function fetchOptions(url, form) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        Accept: "application/json",
      },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "");
        return body;
      });
    });
  }

  function run(kind, trigger, form, button) {
    var failed = trigger.dataset.failedMessage;
    tell(form, "");
    button.disabled = true;
    fetchOptions(trigger.dataset.optionsUrl, form)
      .then(function (options) {
        if (kind === "create") {
          return navigator.credentials
            .create({ publicKey: creationOptions(options) })
            .then(createdJSON);
        }
        return navigator.credentials.get({ publicKey: requestOptions(options) }).then(usedJSON);
      })
      .then(function (answer) {
        form.elements.credential.value = JSON.stringify(answer);
        form.submit();
      })
      .catch(function (error) {
        // A refusal from the server is already in plain words; the browser's are not.
        var fromServer = error && error.name === "Error" && error.message;
        tell(form, fromServer || failed);
        button.disabled = false;
      });
  }

  function start() {
    if (!supported) {
      document.querySelectorAll("[data-passkey-section], [data-passkey]").forEach(function (el) {
        el.hidden = true;
      });
      document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) {
        el.hidden = false;
      });
      return;
    }
    document.querySelectorAll('form[data-passkey="create"]').forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        run("create", form, form, event.submitter || form.querySelector("button"));
      });
    });
    document.querySelectorAll('button[data-passkey="get"]').forEach(function (button) {
      button.addEventListener("click", function () {
        var form = button.form;
        var password = form.elements.password;
        if (password && !password.value) {
          tell(form, button.dataset.passwordMessage);
          password.focus();
          return;
        }
        run("get", button, form, button);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
