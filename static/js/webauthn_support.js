// Security keys (WebAuthn) work only in a browser that has them, on a secure origin with a domain name (https, or
// http://localhost; never an IP address such as make run's 127.0.0.1). What needs them is marked data-webauthn and
// starts hidden; what stands in for them where they cannot work is marked data-no-webauthn.
(function () {
  const host = window.location.hostname
  const isAddress = /^[0-9.]+$/.test(host) || host.includes(':') || host.startsWith('[')
  const usable = Boolean(window.PublicKeyCredential) && window.isSecureContext && !isAddress
  document.querySelectorAll('[data-webauthn]').forEach(function (element) { element.hidden = !usable })
  document.querySelectorAll('[data-no-webauthn]').forEach(function (element) { element.hidden = usable })
})()
