// Package docs embeds the API's OpenAPI description, so that the portal serves the very file this
// folder documents (docs/api.md): docs/openapi.json is its one home.
package docs

import _ "embed"

// OpenAPI is docs/openapi.json as written (OpenAPI 3.1), served at /api/v1/openapi.json and read by
// the API's documentation page.
//
//go:embed openapi.json
var OpenAPI []byte
