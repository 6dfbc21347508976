// Swagger UI over the served OpenAPI document (same origin, no CDN).
"use strict";
window.ui = SwaggerUIBundle({ url: "/docs/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
