/* The API's documentation page: Swagger UI (static/vendor/swagger-ui) reads the schema from
   the address the page gives. No "try it out" beyond reading, no outside validator. */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    domNode: node,
    deepLinking: true,
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0,
  });
})();
