package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The default: everything open, as without Spring Security, and no generated Boot user. */
@SpringBootTest(classes = SecuredRegistryTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoAuthTest extends SecuredRegistryTest {
    @Autowired
    ApplicationContext context;

    @Test
    void everythingIsOpenAndBootMakesNoUserOfItsOwn() {
        assertThat(send("GET", "/v2/").statusCode()).isEqualTo(200);
        assertThat(pushBlob("team-a/app").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/v2/_catalog").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(context.getBeansOfType(UserDetailsService.class)).isEmpty();
    }
}
