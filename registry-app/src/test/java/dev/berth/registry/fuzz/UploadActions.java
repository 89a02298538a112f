package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.UploadWorld.Open;
import dev.berth.registry.fuzz.property.ActionSequence.Action;
import dev.berth.registry.fuzz.property.ActionSequence.Step;
import dev.berth.registry.fuzz.property.Gen;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The steps of an upload sequence, in any order: start, send a chunk (in order, out of order, with
 * any Content-Range, streamed), complete with the right or a wrong digest, cancel, ask the status,
 * push a blob whole, mount one, delete one. Each checks its own response against the model.
 */
final class UploadActions {
    /** The Content-Range the spec defines, which a registry must take for the next chunk. */
    private static final Pattern SPEC_RANGE = Pattern.compile("\\d+-\\d+");
    private static final Pattern LENIENT_RANGE = Pattern.compile("(bytes[ =])?\\d+-\\d+(/(\\d+|\\*))?");

    private UploadActions() {
    }

    static List<Action<UploadWorld>> all() {
        return List.of(start(), chunk(), complete(), cancel(), status(), whole(), mount(), delete());
    }

    /** Content of up to 70 000 bytes: random bytes, fewer at small sizes. */
    static Gen<byte[]> content() {
        Gen<Integer> size = Gen.frequency(weighted(1, Gen.constant(0)), weighted(2, Gen.integers(1, 16)),
                weighted(3, Gen.integers(17, 4096)), weighted(1, Gen.integers(4097, 70_000)));
        return size.flatMap(length -> Gen.bytes(length, length));
    }

    private static Action<UploadWorld> start() {
        return world -> Gen.zip(Gen.of(world.repositories), content(),
                (repository, content) -> Step.of("start in " + repository + " (" + content.length + " bytes to come)", w -> {
                    Exchange started = w.target.send(Request.of("POST", "/v2/" + repository + "/blobs/uploads/").body(new byte[0]));
                    w.target.expect(started.status() == 202 && started.header("Location").isPresent(), started, "an upload did not start");
                    started.header("Location").ifPresent(location -> w.uploads.add(new Open(repository, location, content)));
                    w.touch(Digests.sha256(content));
                }));
    }

    private static Action<UploadWorld> chunk() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.uploads.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                return Gen.of(world.uploads).flatMap(upload -> {
                    int offset = upload.received.size();
                    Gen<Integer> lengths = Gen.integers(0, Math.max(1, upload.content.length - offset + 8));
                    return (random, size) -> {
                        int length = lengths.next(random, size);
                        boolean streamed = random.nextBoolean();
                        String range = Gen.oneOf(Ranges.chunk(offset, Math.max(1, length)), Gen.constant("")).next(random, size);
                        return Step.of("chunk of " + length + " to " + upload + (range.isEmpty() ? "" : ", Content-Range " + range)
                                + (streamed ? ", streamed" : ""), w -> sendChunk(w, upload, length, range, streamed));
                    };
                });
            }
        };
    }

    /**
     * Sends a chunk of the upload's content. Its bytes come from where its Content-Range says it
     * starts, so that out-of-order chunks carry the bytes they claim; the body may still be shorter
     * than the range says, near the content's end.
     */
    private static void sendChunk(UploadWorld world, Open upload, int length, String range, boolean streamed) {
        int offset = upload.received.size();
        int from = SPEC_RANGE.matcher(range).matches() ? (int) Math.min(upload.content.length, startOf(range)) : Math.min(offset, upload.content.length);
        byte[] chunk = Arrays.copyOfRange(upload.content, from, Math.min(upload.content.length, from + length));
        Request patch = Request.of("PATCH", upload.location).header("Content-Type", "application/octet-stream");
        if (!range.isEmpty()) {
            patch = patch.header("Content-Range", range);
        }
        Exchange answer = world.target.send(streamed ? patch.streamed(chunk) : patch.body(chunk));
        String next = offset + "-" + (offset + chunk.length - 1);
        boolean exact = chunk.length > 0 && (range.isBlank() || range.equals(next) && from == offset);
        boolean lenient = chunk.length > 0 && from == offset && LENIENT_RANGE.matcher(range).matches()
                && range.replaceAll("^bytes[ =]|/.*$", "").equals(next);
        if (answer.status() == 202) {
            world.target.expect(exact || lenient || range.isBlank(), answer, "a chunk with a wrong Content-Range taken");
            upload.received.writeBytes(chunk);
            answer.header("Location").ifPresent(location -> upload.location = location);
            world.target.expect(UploadWorld.rangeMatches(answer, upload.received.size()), answer, "a chunk's Range disagrees with the bytes taken");
        } else {
            world.target.expect(!exact, answer, "a chunk with the right Content-Range refused");
            world.target.expect(answer.status() >= 400 && answer.status() < 500, answer, "a refused chunk answered " + answer.status());
            if (Invariants.errorCode(answer).filter("BLOB_UPLOAD_INVALID"::equals).isPresent()) {
                // a body that ended short of its Content-Range was partly written before that showed: the upload is dropped
                Exchange after = world.target.send(Request.of("GET", upload.location));
                world.target.expect(after.status() == 404, after, "an upload dropped for a short chunk still answers");
                world.forget(upload);
            }
        }
        world.touch(upload);
        world.touch(Digests.sha256(upload.received.toByteArray()));
    }

    private static long startOf(String range) {
        String start = range.substring(0, range.indexOf('-'));
        return start.length() > 18 ? Long.MAX_VALUE : Long.parseLong(start);
    }

    private static Action<UploadWorld> complete() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.uploads.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                Gen<Open> uploads = Gen.of(world.uploads);
                Gen<String> lasts = Gen.of("rest", "nothing", "rest and more");
                Gen<String> claims = Gen.of("actual", "intended", "actual sha512", "other", "malformed");
                return (random, size) -> {
                    Open upload = uploads.next(random, size);
                    String last = lasts.next(random, size);
                    String claim = claims.next(random, size);
                    return Step.of("complete " + upload + " sending " + last + ", claiming the " + claim + " digest",
                            w -> sendCompletion(w, upload, last, claim));
                };
            }
        };
    }

    private static void sendCompletion(UploadWorld world, Open upload, String last, String claim) {
        int offset = upload.received.size();
        byte[] rest = last.equals("nothing") ? new byte[0] : Arrays.copyOfRange(upload.content, Math.min(offset, upload.content.length), upload.content.length);
        if (last.equals("rest and more")) {
            rest = Arrays.copyOf(rest, rest.length + 3);
        }
        byte[] actual = concat(upload.received.toByteArray(), rest);
        String digest = switch (claim) {
            case "actual" -> Digests.sha256(actual);
            case "intended" -> Digests.sha256(upload.content);
            case "actual sha512" -> Digests.sha512(actual);
            case "other" -> Digests.sha256(concat(actual, new byte[] {1}));
            default -> "sha256:" + Digests.sha256(actual).substring(7, 40);
        };
        String separator = upload.location.contains("?") ? "&" : "?";
        Request put = Request.of("PUT", upload.location + separator + "digest=" + digest).header("Content-Type", "application/octet-stream");
        if (rest.length > 0) {
            put = put.header("Content-Range", offset + "-" + (offset + rest.length - 1));
        }
        Exchange answer = world.target.send(put.body(rest));
        boolean right = digest.equals(Digests.sha256(actual)) || digest.equals(Digests.sha512(actual));
        world.target.expect(right == (answer.status() == 201), answer, right ? "a completion with the right digest refused" : "a completion under a wrong digest accepted");
        if (answer.status() == 201) {
            world.nowVisible(upload.repository, digest, actual);
            world.forget(upload);
        } else {
            world.touch(upload);
        }
        world.touch(digest);
        world.touch(Digests.sha256(actual));
    }

    private static Action<UploadWorld> cancel() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.uploads.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                return Gen.of(world.uploads).map(upload -> Step.of("cancel " + upload, w -> {
                    Exchange cancelled = w.target.send(Request.of("DELETE", upload.location));
                    w.target.expect(cancelled.status() == 204, cancelled, "a cancel answered " + cancelled.status());
                    Exchange after = w.target.send(Request.of("GET", upload.location));
                    w.target.expect(after.status() == 404, after, "a cancelled upload still answers");
                    w.forget(upload);
                    w.touch(Digests.sha256(upload.received.toByteArray()));
                }));
            }
        };
    }

    private static Action<UploadWorld> status() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.uploads.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                return Gen.of(world.uploads).map(upload -> Step.of("status of " + upload, w -> w.touch(upload)));
            }
        };
    }

    private static Action<UploadWorld> whole() {
        return world -> {
            Gen<String> repositories = Gen.of(world.repositories);
            Gen<byte[]> contents = content();
            return (random, size) -> {
                String repository = repositories.next(random, size);
                byte[] content = contents.next(random, size);
                boolean right = random.nextBoolean();
                boolean streamed = random.nextBoolean();
                return Step.of("push " + content.length + " bytes whole to " + repository + (right ? "" : " under a wrong digest")
                        + (streamed ? ", streamed" : ""), w -> {
                    String digest = right ? Digests.sha256(content) : Digests.sha256(concat(content, new byte[] {2}));
                    Request post = Request.of("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest).header("Content-Type", "application/octet-stream");
                    Exchange answer = w.target.send(streamed ? post.streamed(content) : post.body(content));
                    w.target.expect(right == (answer.status() == 201), answer, right ? "a whole push refused" : "a whole push under a wrong digest accepted");
                    if (answer.status() == 201) {
                        w.nowVisible(repository, digest, content);
                    }
                    w.touch(digest);
                    w.touch(Digests.sha256(content));
                });
            };
        };
    }

    private static Action<UploadWorld> mount() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.named.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                Gen<String> digests = Gen.of(List.copyOf(world.named));
                Gen<String> sources = Gen.of(world.repositories);
                return (random, size) -> {
                    String digest = digests.next(random, size);
                    String source = sources.next(random, size);
                    boolean named = random.nextBoolean();
                    return Step.of("mount " + digest + (named ? " from " + source : " from anywhere"), w -> sendMount(w, digest, source, named));
                };
            }
        };
    }

    private static void sendMount(UploadWorld world, String digest, String source, boolean named) {
        String target = world.repositories.get(world.repositories.get(0).equals(source) ? 1 : 0);
        Exchange answer = world.target.send(Request.of("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest + (named ? "&from=" + source : ""))
                .body(new byte[0]));
        boolean held = world.blob(source, digest).isPresent();
        if (named) {
            world.target.expect(held == (answer.status() == 201), answer, held ? "a mount of a blob its source holds refused" : "a mount from a source lacking the blob succeeded");
        }
        if (answer.status() == 201) {
            byte[] content = world.blob(source, digest).or(() -> world.repositories.stream().flatMap(r -> world.blob(r, digest).stream()).findFirst())
                    .orElseGet(() -> world.target.send(Request.of("GET", "/v2/" + target + "/blobs/" + digest)).body());
            world.nowVisible(target, digest, content);
        } else if (answer.status() == 202) {
            answer.header("Location").ifPresent(location -> world.target.send(Request.of("DELETE", location)));
        }
        world.touch(digest);
    }

    private static Action<UploadWorld> delete() {
        return new Action<>() {
            @Override
            public boolean precondition(UploadWorld world) {
                return !world.named.isEmpty();
            }

            @Override
            public Gen<Step<UploadWorld>> step(UploadWorld world) {
                return Gen.zip(Gen.of(List.copyOf(world.named)), Gen.of(world.repositories),
                        (digest, repository) -> Step.of("delete " + digest + " from " + repository, w -> {
                            Exchange answer = w.target.send(Request.of("DELETE", "/v2/" + repository + "/blobs/" + digest));
                            boolean held = w.blob(repository, digest).isPresent();
                            w.target.expect(answer.status() == (held ? 202 : 404), answer, "a blob delete answered " + answer.status());
                            w.gone(repository, digest);
                        }));
            }
        };
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
