package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcProperties;
import dev.berth.registry.metrics.RegistryMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The node: Kubo's health, peers and storage (on IPFS), the upload sessions open in this process,
 * the last garbage collection and, for administrators, a dry run of one. Seeing it takes what the
 * catalog takes.
 */
@Controller
final class NodePage {
    private final ObjectProvider<NodeStatus> node;
    private final ObjectProvider<GarbageCollector> collector;
    private final ObjectProvider<MeterRegistry> meters;
    private final UiAccess access;
    private final Environment environment;

    NodePage(ObjectProvider<NodeStatus> node, ObjectProvider<GarbageCollector> collector, ObjectProvider<MeterRegistry> meters, UiAccess access,
             Environment environment) {
        this.node = node;
        this.collector = collector;
        this.meters = meters;
        this.access = access;
        this.environment = environment;
    }

    @GetMapping(UiPaths.NODE)
    String node(Model model) {
        requireListing();
        NodeStatus status = node.getIfAvailable();
        GarbageCollector gc = collector.getIfAvailable();
        model.addAttribute("storage", environment.getProperty("berth.storage.driver", "inmemory"));
        model.addAttribute("kubo", status == null ? Optional.empty() : Optional.of(status.report()));
        Gauge uploads = RegistryMetrics.meterRegistry(meters).find("berth.uploads.open").gauge();
        model.addAttribute("openUploads", uploads == null ? Optional.empty() : Optional.of((long) uploads.value()));
        model.addAttribute("gc", gc == null ? Optional.empty() : gc.lastRun());
        model.addAttribute("gcSettings", gc == null ? Optional.<GcProperties>empty() : Optional.of(gc.properties()));
        model.addAttribute("mayRunGc", gc != null && access.isAdministrator());
        return "berth/node";
    }

    /** A dry run: it reports what a run would remove and changes nothing. */
    @PostMapping(UiPaths.NODE_GC)
    String dryRun(RedirectAttributes flash) {
        GarbageCollector gc = collector.getIfAvailable();
        if (gc == null || !access.isAdministrator()) {
            throw RegistryException.of(ErrorCode.DENIED, "only administrators run garbage collection");
        }
        gc.run(true);
        flash.addFlashAttribute("done", "Dry run finished: nothing was removed; below is what a run would do.");
        return "redirect:" + UiPaths.NODE;
    }

    private void requireListing() {
        if (!access.mayListEverything()) {
            throw RegistryException.of(ErrorCode.DENIED, "the node page is for users who may pull every repository");
        }
    }
}
