package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder.BCryptVersion;

class HtpasswdTest {
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

    @Test
    void readsBcryptUsersSkippingCommentsAndBlankLines() {
        String htpasswdB = new BCryptPasswordEncoder(BCryptVersion.$2Y, 5).encode("secret-a"); // what htpasswd -B writes
        Htpasswd users = Htpasswd.parse("users", List.of("# team", "alice:" + htpasswdB, "", "  bob:" + BCRYPT.encode("secret-b")));

        assertThat(users.users()).containsOnlyKeys("alice", "bob");
        assertThat(users.hashOf("alice").orElseThrow()).startsWith("$2y$05$");
        assertThat(BCRYPT.matches("secret-a", users.hashOf("alice").orElseThrow())).isTrue();
        assertThat(BCRYPT.matches("wrong", users.hashOf("alice").orElseThrow())).isFalse();
        assertThat(users.hashOf("carol")).isEmpty();
    }

    @Test
    void aLineWithoutAHashNamesItsLine() {
        assertThatThrownBy(() -> Htpasswd.parse("/etc/berth/htpasswd", List.of("alice:" + BCRYPT.encode("x"), "bob")))
                .hasMessage("/etc/berth/htpasswd line 2: expected name:bcrypt-hash");
    }

    @Test
    void aPasswordThatIsNotBcryptNamesItsLineAndUser() {
        // htpasswd's default (-m) writes apr1 MD5, which Berth does not accept.
        assertThatThrownBy(() -> Htpasswd.parse("users", List.of("", "carol:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/")))
                .hasMessage("users line 2: the password of 'carol' is not a bcrypt hash; write it with htpasswd -B");
    }

    @Test
    void aUserListedTwiceIsRefused() {
        assertThatThrownBy(() -> Htpasswd.parse("users", List.of("dave:" + BCRYPT.encode("a"), "dave:" + BCRYPT.encode("b"))))
                .hasMessage("users line 2: 'dave' is listed twice");
    }

    @Test
    void aBadLineStopsTheRegistryAtStartupNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), "alice:" + BCRYPT.encode("a") + "\nbob:plain-text\n");
        assertThatThrownBy(() -> new SpringApplicationBuilder(SecuredRegistryTest.Registry.class)
                .properties("berth.auth.mode=basic", "berth.auth.htpasswd=" + file, "server.port=0").run().close())
                .rootCause().hasMessage(file + " line 2: the password of 'bob' is not a bcrypt hash; write it with htpasswd -B");
    }
}
