package dev.berth.it.ui;

import dev.berth.it.support.Browser;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** A registry with basic auth for the browser: alice pulls, pushes and deletes everything; bob pulls team/ only. Passwords are the names reversed. */
final class SecuredRegistry {
    private SecuredRegistry() {
    }

    static String[] arguments() throws IOException {
        Path dir = Files.createTempDirectory("berth-ui-secured");
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Path htpasswd = Files.write(dir.resolve("htpasswd"), Stream.of("alice", "bob").map(user -> user + ":" + bcrypt.encode(password(user))).toList());
        return new String[] {"--berth.auth.mode=basic", "--berth.auth.htpasswd=" + htpasswd,
                "--berth.auth.rules[0].repository=**", "--berth.auth.rules[0].users=alice", "--berth.auth.rules[0].actions=pull,push,delete",
                "--berth.auth.rules[1].repository=team/**", "--berth.auth.rules[1].users=bob", "--berth.auth.rules[1].actions=pull"};
    }

    static String password(String user) {
        return new StringBuilder(user).reverse().toString();
    }

    /** alice pushes team/app:1 and private/app:1 with crane. */
    static void push(RegistryProcess registry, Path work) {
        Path config = work.resolve("docker-config-alice");
        try {
            Files.createDirectories(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> alice = Map.of("DOCKER_CONFIG", config.toString());
        Tools.tool(alice, "crane", work, "auth", "login", registry.host(), "-u", "alice", "-p", password("alice"));
        for (String image : List.of("team/app:1", "private/app:1")) {
            try {
                Tools.tool(alice, "crane", work, "append", "-f", Tools.tarOfOneFile(work, image.replace('/', '-') + ".txt", image).toString(),
                        "-t", registry.host() + "/" + image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Fills in the login form and sends it. */
    static void logIn(Browser browser, String user, String password) {
        browser.find(By.id("username")).sendKeys(user);
        browser.find(By.id("password")).sendKeys(password);
        String before = browser.driver().getCurrentUrl();
        browser.find(By.xpath("//form[@class='login']//button[@type='submit']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(driver -> !before.equals(driver.getCurrentUrl()));
    }
}
