package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;
import io.durableentities.client.ConnectionString.Authentication;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

  private static final Function<String, String> NO_ENV = name -> null;

  private static ConnectionString parse(String text) {
    return ConnectionString.parse(text, NO_ENV);
  }

  @Test
  void parse_localNone_worksAsIs() {
    ConnectionString cs = parse("Endpoint=http://localhost:8080;Authentication=None");

    assertThat(cs.endpoint()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(cs.authentication()).isEqualTo(Authentication.NONE);
    assertThat(cs.taskHub()).isEqualTo("default");
    assertThat(cs.usesTls()).isFalse();
    assertThat(cs.newCredential()).isEmpty();
  }

  @Test
  void parse_keysCaseInsensitive_whitespaceTrimmed_emptySegmentsIgnored() {
    ConnectionString cs =
        parse(
            " endpoint = https://x.durabletask.io ;; AUTHENTICATION= managedidentity ;"
                + " taskhub = orders ; clientid = abc ;");

    assertThat(cs.endpoint()).isEqualTo(URI.create("https://x.durabletask.io"));
    assertThat(cs.authentication()).isEqualTo(Authentication.MANAGED_IDENTITY);
    assertThat(cs.taskHub()).isEqualTo("orders");
    assertThat(cs.clientId()).contains("abc");
    assertThat(cs.usesTls()).isTrue();
  }

  @Test
  void parse_endpointWithoutScheme_getsHttps() {
    ConnectionString cs = parse("Endpoint=x.durabletask.io;Authentication=DefaultAzure");

    assertThat(cs.endpoint()).isEqualTo(URI.create("https://x.durabletask.io"));
  }

  @Test
  void parse_workloadIdentitySettings_areKept() {
    ConnectionString cs =
        parse(
            "Endpoint=https://x;Authentication=WorkloadIdentity;ClientID=c;TenantId=t;"
                + "TokenFilePath=/var/token;AdditionallyAllowedTenants=a, b ,,c");

    assertThat(cs.tenantId()).contains("t");
    assertThat(cs.tokenFilePath()).contains("/var/token");
    assertThat(cs.additionallyAllowedTenants()).containsExactly("a", "b", "c");
    assertThat(cs.newCredential()).get().isInstanceOf(WorkloadIdentityCredential.class);
  }

  @Test
  void newCredential_mapsAuthenticationValues() {
    assertThat(parse("Endpoint=https://x;Authentication=DefaultAzure").newCredential())
        .get()
        .isInstanceOf(DefaultAzureCredential.class);
    assertThat(
            parse("Endpoint=https://x;Authentication=ManagedIdentity;ClientID=c").newCredential())
        .get()
        .isInstanceOf(ManagedIdentityCredential.class);
    for (Authentication a : Authentication.values()) {
      if (a != Authentication.NONE
          && a != Authentication.WORKLOAD_IDENTITY
          && a != Authentication.TOKEN) {
        String text = "Endpoint=https://x;Authentication=" + a.value().toUpperCase();
        assertThat(parse(text).authentication()).isEqualTo(a);
      }
    }
  }

  @Test
  void token_isSentAsASharedSecret_andNeverPrinted() {
    ConnectionString cs =
        parse("Endpoint=https://scheduler:8080;Authentication=token;Token=abc-0123456789-xyz");

    assertThat(cs.authentication()).isEqualTo(Authentication.TOKEN);
    assertThat(cs.usesTls()).isTrue();
    assertThat(cs.newCredential().orElseThrow().getTokenSync(null).getToken())
        .isEqualTo("abc-0123456789-xyz");
    assertThat(cs.toString()).doesNotContain("abc-0123456789-xyz");
    assertThat(cs.newCredential().orElseThrow().toString()).doesNotContain("abc-0123456789-xyz");
  }

  @Test
  void token_needsAuthenticationToken_andTheOtherWayRound() {
    assertThatThrownBy(() -> parse("Endpoint=https://x;Authentication=Token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authentication=Token needs the token in a Token key");
    assertThatThrownBy(() -> parse("Endpoint=https://x;Authentication=None;Token=abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a Token key is used only with Authentication=Token");
    assertThatThrownBy(() -> parse("Endpoint=https://x;Authentication=Token;Token=a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void parse_taskHubDefaultsToEnvironmentThenDefault() {
    Map<String, String> env = Map.of("TASKHUB_NAME", "from-env");

    assertThat(ConnectionString.parse("Endpoint=http://127.0.0.1:1", env::get).taskHub())
        .isEqualTo("from-env");
    assertThat(parse("Endpoint=http://127.0.0.1:1").taskHub()).isEqualTo("default");
  }

  @Test
  void parse_missingAuthentication_allowedOnlyForLoopbackHttp() {
    assertThat(parse("Endpoint=http://[::1]:8080").authentication()).isEqualTo(Authentication.NONE);
    assertThatThrownBy(() -> parse("Endpoint=https://localhost:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authentication is missing")
        .hasMessageContaining("ManagedIdentity");
    assertThatThrownBy(() -> parse("Endpoint=http://example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authentication is missing");
  }

  @Test
  void parse_loopbackEndpointWithoutScheme_failsAsAMissingScheme_notAsAuthentication() {
    for (String text :
        List.of(
            "Endpoint=localhost:8080",
            "Endpoint=localhost:8080;Authentication=None",
            "Endpoint=127.0.0.1:8080;Authentication=none;TaskHub=x")) {
      assertThatThrownBy(() -> parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no scheme, so https would be assumed")
          .hasMessageContaining("Endpoint=http://")
          .hasMessageNotContaining("Authentication is missing");
    }
    assertThat(parse("Endpoint=my-scheduler.durabletask.io;Authentication=None").endpoint())
        .as("a remote endpoint without a scheme is https")
        .isEqualTo(URI.create("https://my-scheduler.durabletask.io"));
  }

  @Test
  void parse_missingEndpoint_throws() {
    assertThatThrownBy(() -> parse("Authentication=None;TaskHub=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Endpoint is missing");
  }

  @Test
  void parse_segmentWithoutEquals_throwsWithoutEchoingIt() {
    assertThatThrownBy(() -> parse("Endpoint=http://localhost;s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment 2 has no '='")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void parse_duplicateKey_throws() {
    assertThatThrownBy(() -> parse("Endpoint=http://localhost;endpoint=http://other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'endpoint' appears more than once");
  }

  @Test
  void parse_unknownAuthentication_listsValidValues() {
    assertThatThrownBy(() -> parse("Endpoint=https://x;Authentication=Magic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown Authentication value 'Magic'")
        .hasMessageContaining("DefaultAzure, ManagedIdentity, WorkloadIdentity")
        .hasMessageContaining("None");
  }

  @Test
  void parse_endpointNotAUrl_throws() {
    assertThatThrownBy(() -> parse("Endpoint=http://bad host;Authentication=None"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a URL");
    assertThatThrownBy(() -> parse("Endpoint=ftp://x;Authentication=None"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an http or https URL");
  }

  @Test
  void toString_showsEndpointAuthenticationAndHubOnly() {
    assertThat(parse("Endpoint=https://x;Authentication=ManagedIdentity;ClientID=abc").toString())
        .isEqualTo("Endpoint=https://x;Authentication=ManagedIdentity;TaskHub=default");
  }

  @Test
  void parse_inProcessKey_namesTheServer_andKeepsTheEndpoint() {
    ConnectionString cs =
        parse("Endpoint=http://localhost:4001;Authentication=None;InProcess=test-1");

    assertThat(cs.inProcessName()).contains("test-1");
    assertThat(cs.endpoint()).hasToString("http://localhost:4001");
    assertThat(cs.toString()).endsWith(";TaskHub=default;InProcess=test-1");
    assertThat(parse("Endpoint=http://localhost:4001").inProcessName()).isEmpty();
  }
}
