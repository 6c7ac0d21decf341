// Starts Swagger UI on the app's own OpenAPI schema (a classic script: the
// bundle defines the global SwaggerUIBundle). No request leaves the server.
window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
