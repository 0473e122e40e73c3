// Starts the documentation page this script is loaded into: GraphiQL, Swagger UI or ReDoc.
// Kept out of the pages (no inline script), so a Content-Security-Policy of 'self' holds.
(function () {
  var page = document.body.dataset.page;
  if (page === "graphiql") {
    var fetcher = GraphiQL.createFetcher({ url: document.body.dataset.endpoint });
    // A link may carry a document to open: /graphql#query=...
    var shared = new URLSearchParams(window.location.hash.slice(1)).get("query");
    ReactDOM.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        query: shared || undefined,
        headerEditorEnabled: true,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: true,
      }),
      document.getElementById("graphiql")
    );
  } else if (page === "swagger") {
    window.ui = SwaggerUIBundle({
      url: document.body.dataset.openapi,
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      showExtensions: true,
      // no badge from the public validator: the page makes no request outside this server
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    });
  } else if (page === "redoc") {
    Redoc.init(document.body.dataset.openapi, {}, document.getElementById("redoc"));
  }
})();
