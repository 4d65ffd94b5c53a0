/// The `README.txt` of a Genesys export: what to import where, in order.
enum GenesysExportReadme {
    /// The README for an export.
    static func text(for export: GenesysExport) -> String {
        let widget = InteractionWidgetConfiguration(publicURL: export.publicURL)
        let actions = export.dataActions.map { "     - \($0.fileName)  ->  \($0.name) (POST \($0.path))" }
        return """
            Attache: Genesys Cloud artifacts for the gateway at \(export.publicURL.base)
            ==========================================================================

            The full walk-through is docs/genesys-setup.md in the Attache repository. In short:

            1. Web Services Data Actions integration (Admin > Integrations > Integrations > +,
               "Web Services Data Actions"), credential type "User Defined", one field:
                 name:  \(DataActionDefinition.credentialName)
                 value: the gateway's ATTACHE_DATA_ACTION_SECRET
               The secret is NOT in these files: every action sends it as the header
               \(DataActionDefinition.secretHeader): ${credentials.\(DataActionDefinition.credentialName)}

            2. Import each Data Action into that integration (Admin > Integrations > Actions >
               Import), then test and publish it:
            \(actions.joined(separator: "\n"))

            3. OAuth client for the widget (Admin > Integrations > OAuth > Add Client), grant type
               "Token Implicit Grant (Browser)", authorized redirect URI:
                 \(widget.oauthRedirectURI)
               Put its client id in the gateway's ATTACHE_WIDGET_CLIENT_ID.
               Interaction Widget (Admin > Integrations > Integrations > +, "Interaction Widget"):
                 Application URL: \(widget.urlTemplate)
                 Iframe Sandbox Options: \(InteractionWidgetConfiguration.sandbox)
                 Iframe Feature/Permission Policy: \(InteractionWidgetConfiguration.permissions)
                 Group Filtering / Queue Filtering: the agents and queues that handle web messaging
                 Communication Type Filtering: web messaging (left open in the JSON: choose it in the UI)
               Or through the Platform API:
                 POST /api/v2/integrations with \(GenesysExport.widgetIntegrationFile), then
                 PUT /api/v2/integrations/{integrationId}/config/current with \(GenesysExport.widgetConfigurationFile)
                 (fill in "groups" and "queueIdFilterList" with ids first).

            4. Gateway OAuth client (client credentials) for ATTACHE_GENESYS_CLIENT_ID/_SECRET:
               see docs/genesys-setup.md step 1 for its role's permissions.

            5. Architect inbound message flow: first message -> "\(AttacheDataActions.registerConversation.name)"
               with the custom attribute attacheGuestId; keyword S3_FILE_UPLOADED ->
               "\(AttacheDataActions.fileLink.name)" with the message metadata attacheFileId.

            Regenerate with: attache genesys export --public-url \(export.publicURL.base) --force

            """
    }
}
