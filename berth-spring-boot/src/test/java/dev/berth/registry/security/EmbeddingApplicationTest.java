package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** An application with a chain of its own keeps it: Berth's chain covers the registry's paths only. */
@SpringBootTest(classes = EmbeddingApplicationTest.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "berth.auth.mode=basic")
class EmbeddingApplicationTest extends SecuredRegistryTest {

    @Test
    void theApplicationsChainStillGuardsItsOwnPathsBesideBerths() {
        assertThat(send("GET", "/admin/anything").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/v2/").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v2/", "Authorization", basic("bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void theApplicationsOwnFormsAndUploadsAreStillReadWhileTheRegistryNeverReadsOne() throws Exception {
        HttpResponse<String> form = send("PUT", "/forms/greeting", "name=berth".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.body()).isEqualTo("hello berth");
        String multipart = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nsix by\r\n--x--\r\n";
        assertThat(send("POST", "/forms/files", multipart.getBytes(StandardCharsets.UTF_8), "Content-Type", "multipart/form-data; boundary=x")
                .body()).isEqualTo("a.txt: 6 bytes");
        assertThat(statusLineBeforeTheBodyIsSent("PUT", "/v2/team-a/app/manifests/latest")).startsWith("HTTP/1.1 401");
    }

    @RestController
    static class Forms {
        @PutMapping("/forms/greeting")
        String greet(@RequestParam String name) {
            return "hello " + name;
        }

        @PostMapping("/forms/files")
        String file(@RequestParam MultipartFile file) {
            return file.getOriginalFilename() + ": " + file.getSize() + " bytes";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Forms.class)
    static class Application {
        @Bean
        SecurityFilterChain adminChain(HttpSecurity http) throws Exception {
            return http.securityMatcher("/admin/**").authorizeHttpRequests(requests -> requests.anyRequest().denyAll()).build();
        }
    }
}
