import Foundation
import Testing

@testable import AWSSigning

@Suite("Environment credentials")
struct EnvironmentCredentialProviderTests {
    @Test("Keys, session token and expiration come from the standard variables")
    func readsVariables() async throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_SESSION_TOKEN": "token",
            "AWS_CREDENTIAL_EXPIRATION": "2026-11-25T12:00:00Z",
        ])
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "AKIDENV")
        #expect(credentials.secretAccessKey == "secret")
        #expect(credentials.sessionToken == "token")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_608_000))
    }

    @Test(
        "No variables means not configured; one of the pair means incomplete",
        arguments: [
            ([String: String](), CredentialsError.Code.notConfigured),
            (["AWS_ACCESS_KEY_ID": "AKID"], .incomplete),
            (["AWS_SECRET_ACCESS_KEY": "s"], .incomplete),
            (["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], .notConfigured),
        ])
    func missingVariables(environment: [String: String], code: CredentialsError.Code) async {
        await #expect(throws: CredentialsError.self) {
            try await EnvironmentCredentialProvider(environment: environment).credentials()
        }
        do {
            _ = try await EnvironmentCredentialProvider(environment: environment).credentials()
        } catch let error as CredentialsError {
            #expect(error.code == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("Explicit credentials with an empty secret are refused")
    func staticProvider() async throws {
        let good = StaticCredentialProvider(accessKeyID: "a", secretAccessKey: "b")
        #expect(try await good.credentials().accessKeyID == "a")
        await #expect(throws: CredentialsError.self) {
            try await StaticCredentialProvider(accessKeyID: "a", secretAccessKey: "").credentials()
        }
    }
}
