package dev.berth.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.Browser;
import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UiScreenshots;
import dev.berth.storage.ipfs.testing.KuboExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI as people use it: headless Chromium against Berth's jar on IPFS, with images pushed by
 * crane and oras. It moves between pages by clicking links (and once by keyboard alone), searches,
 * copies a pull command and runs it, browses the registry's published tree by its root CID, and runs
 * a dry garbage collection; then, on a registry with basic auth, logs in and finds no delete button
 * for a user without the delete right. It makes the screenshots in docs/ui/ (see {@link UiScreenshots}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiInBrowserTest {
    // Extensions start in this order: each registry after its Kubo node.
    @RegisterExtension
    @Order(1)
    static final KuboExtension KUBO = new KuboExtension();
    @RegisterExtension
    @Order(2)
    static final KuboExtension SECURED_KUBO = new KuboExtension();
    @RegisterExtension
    @Order(3)
    static final RunningRegistry OPEN = new RunningRegistry(() -> RegistryProcess.berthOnIpfs("ui-open", KUBO.node(),
            "--berth.publish.ipns.key=berth-ui", "--berth.publish.ipns.debounce=1s", "--berth.ui.gateway-url=" + KUBO.node().gateway()));
    @RegisterExtension
    @Order(4)
    static final RunningRegistry SECURED = new RunningRegistry(() -> RegistryProcess.berthOnIpfs("ui-secured", SECURED_KUBO.node(),
            SecuredRegistry.arguments()));

    private static final UiScreenshots SCREENSHOTS = new UiScreenshots();
    private static Browser browser;
    private static Path work;
    private static String v1;

    @BeforeAll
    static void imagesAndBrowser() throws Exception {
        work = Files.createTempDirectory("berth-ui-browser");
        String repository = OPEN.get().host() + "/library/hello";
        Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "hello.txt", "hello\n").toString(), "-t", repository + ":v1");
        Tools.tool("crane", work, "mutate", repository + ":v1", "--entrypoint", "/bin/hello", "--env", "GREETING=hi",
                "--set-platform", "linux/amd64", "-t", repository + ":v1");
        Tools.tool("crane", work, "mutate", repository + ":v1", "--set-platform", "linux/arm64", "-t", repository + ":v1-arm64");
        Tools.tool("crane", work, "index", "append", "-m", repository + ":v1", "-m", repository + ":v1-arm64", "-t", repository + ":multi");
        v1 = Tools.tool("crane", work, "digest", repository + ":v1").strip();
        Files.writeString(work.resolve("sbom.spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"hello\"}");
        Tools.tool("oras", work, "attach", "--plain-http", "--artifact-type", "application/spdx+json", repository + ":v1",
                "sbom.spdx.json:application/spdx+json");
        Files.writeString(work.resolve("signature.txt"), "signed by the build");
        Tools.tool("oras", work, "attach", "--plain-http", "--artifact-type", "application/vnd.example.signature.v1", repository + ":v1",
                "signature.txt:text/plain");
        Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "api.txt", "api\n").toString(),
                "-t", OPEN.get().host() + "/team/api:1.0");
        SecuredRegistry.push(SECURED.get(), work);
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        SCREENSHOTS.done();
    }

    @Test
    @Order(1)
    void homeToRepositoryToImageByClickingShowsEverythingAboutTheImage() throws Exception {
        browser.open(OPEN.get().url().resolve("/"));
        assertTrue(browser.text().contains("Published on IPFS"), browser.text());
        assertTrue(browser.find(By.id("root-cid")).getText().startsWith("bafy"));
        assertTrue(browser.find(By.id("dnslink")).getText().startsWith("_dnslink.<your domain> TXT \"dnslink=/ipns/k51"));
        SCREENSHOTS.take(browser, "home", Browser.LAPTOP);

        browser.follow("library/hello");
        assertEquals("/repositories/library/hello", browser.path());
        WebElement row = rowOf("v1");
        assertTrue(row.getText().contains("linux/amd64") && (row.getText().contains("just now") || row.getText().contains("minute")),
                row.getText());
        assertTrue(rowOf("multi").getText().contains("linux/amd64, linux/arm64"), rowOf("multi").getText());
        SCREENSHOTS.take(browser, "repository", Browser.LAPTOP);

        browser.follow("v1");
        assertEquals("/images/library/hello:v1", browser.path());
        String page = browser.text();
        for (String expected : List.of(v1, "linux/amd64", "/bin/hello", "GREETING=hi", "Image CID", "application/spdx+json",
                "application/vnd.example.signature.v1", "docker pull " + OPEN.get().host() + "/library/hello:v1")) {
            assertTrue(page.contains(expected), expected + " on the image page:\n" + page);
        }
        // Every blob's CID links to the node's gateway, which serves exactly the blob's bytes.
        List<WebElement> cids = browser.findAll(By.cssSelector("table.layers a[href^='" + KUBO.node().gateway() + "/ipfs/']"));
        assertEquals(2, cids.size(), "the config's and the layer's CIDs");
        WebElement layer = browser.findAll(By.cssSelector("table.layers tbody tr")).get(1);
        String layerDigest = layer.findElement(By.tagName("code")).getAttribute("title");
        byte[] served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                layer.findElement(By.tagName("a")).getAttribute("href"))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertEquals(layerDigest, "sha256:" + OciLayout.sha256(served));
        SCREENSHOTS.take(browser, "image", Browser.LAPTOP);
    }

    @Test
    @Order(2)
    void aSearchFindsATagAndAnIndexOpensEachPlatformsImage() {
        browser.open(OPEN.get().url().resolve("/"));
        WebElement search = browser.find(By.id("q"));
        search.sendKeys("multi", Keys.ENTER);
        awaiting(Duration.ofSeconds(30)).until(driver -> driver.getCurrentUrl().contains("q=multi"));
        assertFalse(browser.text().contains("team/api"), "no repository is named like that");
        browser.follow("library/hello:multi");
        assertEquals("/images/library/hello:multi", browser.path());
        assertTrue(browser.text().contains("Platforms"));
        SCREENSHOTS.take(browser, "index", Browser.LAPTOP);

        browser.follow("linux/arm64");
        assertTrue(browser.path().startsWith("/images/library/hello@sha256:"), browser.path());
        assertTrue(browser.text().contains("linux/arm64"));
    }

    @Test
    @Order(3)
    void aCopiedPullCommandPullsTheImageWithCraneByNameAndByCid() throws Exception {
        browser.open(OPEN.get().url().resolve("/images/library/hello:v1"));
        browser.allowClipboard(OPEN.get().url());
        for (String client : List.of("crane", "crane by CID")) {
            WebElement command = commandOf(client);
            command.findElement(By.cssSelector("button.copy")).click();
            awaiting(Duration.ofSeconds(10)).until(driver -> command.getText().contains("Copied"));
            String copied = browser.clipboard();
            assertEquals(command.findElement(By.tagName("code")).getText(), copied);

            String[] words = copied.split(" ");
            assertEquals(List.of("crane", "pull"), List.of(words[0], words[1]), copied);
            Tools.tool("crane", work, java.util.Arrays.copyOfRange(words, 1, words.length));
            assertTrue(Files.size(work.resolve(words[3])) > 0, copied);
            assertEquals(v1, Tools.tool("crane", work, "digest", words[2]).strip(), copied);
        }
    }

    @Test
    @Order(4)
    void thePublishedTreeIsBrowsedByItsRootCidReadOnly() {
        browser.open(OPEN.get().url().resolve("/"));
        String root = browser.find(By.id("root-cid")).getText();
        browser.follow("Browse this tree");
        assertEquals("/remote", browser.path());
        String remote = "ipfs/" + root + "/library/hello";
        assertTrue(browser.text().contains(remote), browser.text());
        SCREENSHOTS.take(browser, "remote", Browser.LAPTOP);

        browser.follow(remote);
        assertEquals("/repositories/" + remote, browser.path());
        assertTrue(browser.text().contains("read-only"));
        assertTrue(browser.findAll(By.cssSelector("details.delete")).isEmpty(), "a tree on IPFS cannot be changed");
        browser.follow("v1");
        assertTrue(browser.text().contains("docker pull " + OPEN.get().host() + "/" + remote + ":v1"), browser.text());
        assertTrue(browser.text().contains(v1));

        browser.open(OPEN.get().url().resolve("/remote"));
        browser.find(By.id("address")).sendKeys("/ipfs/" + root, Keys.ENTER);
        awaiting(Duration.ofSeconds(60)).until(driver -> driver.getPageSource().contains(remote));
    }

    @Test
    @Order(5)
    void theNodePageShowsKuboAndRunsADryGarbageCollection() {
        browser.open(OPEN.get().url().resolve("/"));
        browser.follow("Node");
        String node = browser.text();
        for (String expected : List.of("UP", "version", "Peers", "Storage used", "Open uploads", "No run since the registry started")) {
            assertTrue(node.contains(expected), expected + " on the node page:\n" + node);
        }
        String rpc = KUBO.node().api().getHost() + ":" + KUBO.node().api().getPort();
        assertFalse(browser.driver().getPageSource().contains(rpc), "Kubo's RPC API never reaches a page");
        browser.find(By.xpath("//button[text()='Dry run now']")).click();
        awaiting(Duration.ofSeconds(120)).until(driver -> browser.text().contains("Dry run finished"));
        assertTrue(browser.text().contains("Last run: dry run"), browser.text());
        SCREENSHOTS.take(browser, "node", Browser.LAPTOP);
    }

    @Test
    @Order(6)
    void theKeyboardAloneReachesARepositoryAndTheHomePageFitsAPhone() {
        browser.open(OPEN.get().url().resolve("/"));
        browser.find(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("Skip to content", browser.focused().getText());
        for (int i = 0; i < 30 && !"library/hello".equals(browser.focused().getText()); i++) {
            browser.focused().sendKeys(Keys.TAB);
        }
        assertEquals("library/hello", browser.focused().getText(), "tabbing reaches the repository's link");
        browser.focused().sendKeys(Keys.ENTER);
        awaiting(Duration.ofSeconds(30)).until(driver -> browser.path().equals("/repositories/library/hello"));

        browser.open(OPEN.get().url().resolve("/"));
        assertTrue(browser.layoutWidth(Browser.PHONE) <= Browser.PHONE.width, "nothing wider than a phone's screen");
        SCREENSHOTS.take(browser, "home-phone", Browser.PHONE);
        browser.open(OPEN.get().url().resolve("/images/library/hello:v1"));
        assertTrue(browser.layoutWidth(Browser.PHONE) <= Browser.PHONE.width, "the image page fits a phone too");
    }

    @Test
    @Order(7)
    void aTagIsDeletedFromItsRowAfterOpeningItsDeleteButton() {
        String repository = OPEN.get().host() + "/library/hello";
        Tools.tool("crane", work, "tag", repository + ":v1", "doomed");
        browser.open(OPEN.get().url().resolve("/repositories/library/hello"));
        WebElement row = rowOf("doomed");
        WebElement button = row.findElement(By.xpath(".//button[text()='Delete tag doomed']"));
        assertFalse(button.isDisplayed(), "the button shows only once asked for");
        row.findElement(By.tagName("summary")).click();
        button.click();
        awaiting(Duration.ofSeconds(30)).until(driver -> browser.text().contains("Deleted the tag doomed"));
        assertFalse(Tools.tool("crane", work, "ls", repository).contains("doomed"));
    }

    @Test
    @Order(8)
    void aLoginIsAskedAndAUserWithoutTheDeleteRightSeesNoDeleteButton() {
        browser.open(SECURED.get().url().resolve("/"));
        assertEquals("/login", browser.path());
        SCREENSHOTS.take(browser, "login", Browser.LAPTOP);
        SecuredRegistry.logIn(browser, "bob", "wrong");
        assertTrue(browser.text().contains("The user name or password is wrong"));

        SecuredRegistry.logIn(browser, "bob", SecuredRegistry.password("bob"));
        assertEquals("/", browser.path());
        assertTrue(browser.text().contains("team/app") && !browser.text().contains("private/app"), browser.text());
        browser.follow("team/app");
        assertTrue(browser.findAll(By.cssSelector("details.delete")).isEmpty(), "bob may pull but not delete");
        browser.follow("1");
        assertFalse(browser.text().contains("Delete this manifest"));

        browser.find(By.xpath("//button[text()='Log out']")).click();
        awaiting(Duration.ofSeconds(30)).until(driver -> browser.path().equals("/login"));
        SecuredRegistry.logIn(browser, "alice", SecuredRegistry.password("alice"));
        browser.follow("team/app");
        assertFalse(browser.findAll(By.cssSelector("details.delete")).isEmpty(), "alice may delete");
    }

    /** A wait that reads the page again when it was replaced while being read (a form's answer loading). */
    private static WebDriverWait awaiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser.driver(), timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static WebElement rowOf(String tag) {
        return browser.find(By.xpath("//table//tr[th/a[text()='" + tag + "']]"));
    }

    private static WebElement commandOf(String client) {
        return browser.find(By.xpath("//ul[@class='commands']/li[span[@class='client' and text()='" + client + "']]"));
    }
}
