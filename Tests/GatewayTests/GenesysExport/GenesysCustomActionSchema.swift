/// A JSON Schema (draft 7) of the file Genesys Cloud writes when an admin exports a custom Data
/// Action (`<name>.custom.json`) and reads back on import, written from Genesys's documentation:
///
/// - Export/import shape (`name`, `integrationType`, `actionType: custom`, `config.request`,
///   `config.response`, `contract.input.inputSchema`, `contract.output.successSchema`, `secure`):
///   Genesys's own exported actions, e.g. github.com/GenesysCloudBlueprints/
///   design-architect-flow-data-actions-for-resiliency (blueprint/src/*.json) and
///   github.com/GenesysCloudBlueprints/workautomation-hubspot-ticketing-sample (README export).
/// - Field meanings and types: the Platform API models in MyPureCloud's SDKs
///   (github.com/MyPureCloud/platform-client-sdk-python build/docs: PostActionInput,
///   ActionConfig, RequestConfig, ResponseConfig, ActionContractInput, PostInputContract,
///   PostOutputContract, JsonSchemaDocument): name up to 256 characters; request URL template,
///   request template, method and string headers; translation map and defaults as string maps;
///   a Velocity success template; contracts as JSON Schema documents.
/// - Contract rules: "Add contracts to custom actions" (help.mypurecloud.com/?p=141876): the
///   top level is an object; input properties are string, integer, number, Boolean or null (no
///   nested objects); names start with a letter and hold letters, digits, `-`, `_`; `orgId`,
///   `integrationId`, `rawRequest` are reserved; no `$ref`; the output has no nested arrays.
/// - Request/response: "Request configuration for data actions" (help.mypurecloud.com/?p=138534),
///   "Response configuration for data actions" (help.mypurecloud.com/?p=135983), "How to use the
///   User Defined credential type" (help.mypurecloud.com/articles/how-to-use-the-user-defined-credential-type/).
///
/// Where Genesys documents nothing (e.g. which extra keys an import tolerates) the schema is
/// strict: unknown keys are refused, so a typo in an export fails the test. It is also stricter
/// than Genesys on one point, on purpose: output properties must be scalars or arrays of scalars,
/// because the gateway's Data Action answers are flat (Genesys would also accept nested objects).
enum GenesysCustomActionSchema {
    static let json = #"""
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "$id": "https://attache.invalid/schemas/genesys-custom-action-export.json",
          "title": "Genesys Cloud custom Data Action export (.custom.json)",
          "type": "object",
          "required": ["name", "integrationType", "actionType", "config", "contract", "secure"],
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 256 },
            "integrationType": {
              "enum": ["custom-rest-actions", "purecloud-data-actions"]
            },
            "actionType": { "const": "custom" },
            "secure": { "type": "boolean" },
            "config": {
              "type": "object",
              "required": ["request", "response"],
              "additionalProperties": false,
              "properties": {
                "timeoutSeconds": { "type": "integer", "minimum": 1, "maximum": 60 },
                "request": {
                  "type": "object",
                  "required": ["requestUrlTemplate", "requestType", "headers", "requestTemplate"],
                  "additionalProperties": false,
                  "properties": {
                    "requestUrlTemplate": { "type": "string", "minLength": 1 },
                    "requestType": { "enum": ["GET", "PUT", "POST", "DELETE", "PATCH"] },
                    "headers": { "type": "object", "additionalProperties": { "type": "string" } },
                    "requestTemplate": { "type": "string" }
                  }
                },
                "response": {
                  "type": "object",
                  "required": ["translationMap", "translationMapDefaults", "successTemplate"],
                  "additionalProperties": false,
                  "properties": {
                    "translationMap": { "type": "object", "additionalProperties": { "type": "string" } },
                    "translationMapDefaults": { "type": "object", "additionalProperties": { "type": "string" } },
                    "successTemplate": { "type": "string" }
                  }
                }
              }
            },
            "contract": {
              "type": "object",
              "required": ["input", "output"],
              "additionalProperties": false,
              "properties": {
                "input": {
                  "type": "object",
                  "required": ["inputSchema"],
                  "additionalProperties": false,
                  "properties": { "inputSchema": { "$ref": "#/definitions/inputSchema" } }
                },
                "output": {
                  "type": "object",
                  "required": ["successSchema"],
                  "additionalProperties": false,
                  "properties": { "successSchema": { "$ref": "#/definitions/successSchema" } }
                }
              }
            }
          },
          "allOf": [
            {
              "if": { "properties": { "integrationType": { "const": "custom-rest-actions" } } },
              "then": {
                "properties": {
                  "config": {
                    "properties": {
                      "request": {
                        "properties": { "requestUrlTemplate": { "pattern": "^https?://" } }
                      }
                    }
                  }
                }
              }
            }
          ],
          "definitions": {
            "propertyName": {
              "type": "string",
              "pattern": "^[A-Za-z][A-Za-z0-9_-]*$"
            },
            "documentHeader": {
              "type": "object",
              "required": ["type", "properties"],
              "not": { "anyOf": [{ "required": ["$ref"] }, { "required": ["definitions"] }] },
              "properties": {
                "$schema": { "const": "http://json-schema.org/draft-04/schema#" },
                "title": { "type": "string" },
                "description": { "type": "string" },
                "type": { "const": "object" },
                "required": {
                  "type": "array",
                  "items": { "$ref": "#/definitions/propertyName" },
                  "uniqueItems": true
                },
                "additionalProperties": { "type": "boolean" }
              }
            },
            "scalarType": { "enum": ["string", "integer", "number", "boolean", "null"] },
            "scalarProperty": {
              "type": "object",
              "required": ["type"],
              "properties": {
                "type": { "$ref": "#/definitions/scalarType" },
                "title": { "type": "string" },
                "description": { "type": "string" }
              },
              "not": { "anyOf": [{ "required": ["$ref"] }, { "required": ["properties"] }, { "required": ["items"] }] }
            },
            "arrayProperty": {
              "type": "object",
              "required": ["type", "items"],
              "properties": {
                "type": { "const": "array" },
                "title": { "type": "string" },
                "description": { "type": "string" },
                "items": { "$ref": "#/definitions/scalarProperty" }
              },
              "not": { "required": ["$ref"] }
            },
            "inputSchema": {
              "allOf": [
                { "$ref": "#/definitions/documentHeader" },
                {
                  "properties": {
                    "properties": {
                      "type": "object",
                      "propertyNames": {
                        "allOf": [
                          { "$ref": "#/definitions/propertyName" },
                          { "not": { "enum": ["orgId", "integrationId", "rawRequest"] } }
                        ]
                      },
                      "additionalProperties": { "$ref": "#/definitions/scalarProperty" }
                    }
                  }
                }
              ]
            },
            "successSchema": {
              "allOf": [
                { "$ref": "#/definitions/documentHeader" },
                {
                  "properties": {
                    "properties": {
                      "type": "object",
                      "propertyNames": { "$ref": "#/definitions/propertyName" },
                      "additionalProperties": {
                        "anyOf": [
                          { "$ref": "#/definitions/scalarProperty" },
                          { "$ref": "#/definitions/arrayProperty" }
                        ]
                      }
                    }
                  }
                }
              ]
            }
          }
        }
        """#
}
