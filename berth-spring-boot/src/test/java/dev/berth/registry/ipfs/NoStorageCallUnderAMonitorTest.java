package dev.berth.registry.ipfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * No code of the registry or of the IPFS driver calls Kubo or storage while it holds a monitor (a
 * {@code synchronized} method or block): on Java 21 a virtual thread blocked there pins its carrier,
 * and a few slow Kubo calls would stall every request. Read from the compiled classes; calls made
 * straight from the monitored code are what it sees, which is where such calls were.
 */
class NoStorageCallUnderAMonitorTest {
    private static final List<String> BLOCKING_OWNERS = List.of("dev/berth/storage/ipfs/kubo/", "dev/berth/storage/StorageDriver",
            "dev/berth/storage/FileWriter", "dev/berth/registry/store/RegistryStorage", "dev/berth/storage/ipfs/Mfs");

    @Test
    void neitherTheRegistryNorTheIpfsDriverCallsStorageHoldingAMonitor() throws Exception {
        List<String> found = new ArrayList<>();
        for (Class<?> module : List.of(RegistryStorage.class, IpfsStorageDriver.class)) {
            Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            // a folder of classes, or the module's jar when the build packaged it first
            try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
                    Stream<Path> files = Files.walk(jar == null ? location : jar.getPath("/"))) {
                files.filter(file -> file.toString().endsWith(".class")).forEach(file -> found.addAll(callsUnderAMonitor(read(file))));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCheckFindsACallInASynchronizedMethodAndBlock() throws IOException {
        try (InputStream in = Monitored.class.getClassLoader().getResourceAsStream(Monitored.class.getName().replace('.', '/') + ".class")) {
            assertThat(callsUnderAMonitor(in.readAllBytes())).hasSize(2);
        }
    }

    /** A negative control: two calls to Kubo under a monitor. */
    static final class Monitored {
        private final Object lock = new Object();

        synchronized void inAMethod(KuboClient kubo) {
            kubo.files();
        }

        void inABlock(KuboClient kubo) {
            synchronized (lock) {
                kubo.files();
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> callsUnderAMonitor(byte[] classFile) {
        List<String> found = new ArrayList<>();
        ClassReader reader = new ClassReader(classFile);
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                boolean synchronizedMethod = (access & Opcodes.ACC_SYNCHRONIZED) != 0;
                return new MethodVisitor(Opcodes.ASM9) {
                    private int held;

                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.MONITORENTER) {
                            held++;
                        } else if (opcode == Opcodes.MONITOREXIT) {
                            held = Math.max(0, held - 1); // the exception path exits too: never below none
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String called, boolean isInterface) {
                        if ((synchronizedMethod || held > 0) && BLOCKING_OWNERS.stream().anyMatch(owner::startsWith)) {
                            found.add(reader.getClassName() + "." + method + " calls " + owner + "." + name + " holding a monitor");
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }
}
