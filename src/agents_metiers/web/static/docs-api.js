// The interactive API page (/docs): Swagger UI from npm, started without inline script (CSP).
// Requests made from the page carry the session cookie; writes also send the CSRF header.
"use strict";

function lireCookie(nom) {
  const prefixe = nom + "=";
  for (const part of document.cookie.split("; ")) {
    if (part.startsWith(prefixe)) {
      return decodeURIComponent(part.slice(prefixe.length));
    }
  }
  return "";
}

window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: false,  // with deep links, Swagger UI nests a link in each operation button (axe)
    withCredentials: true,
    requestInterceptor: function (requete) {
      const jeton = lireCookie("csrf_token");
      if (jeton && requete.method && requete.method.toUpperCase() !== "GET") {
        requete.headers["X-CSRF-Token"] = jeton;
      }
      return requete;
    },
  });
});
