package dev.berth.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 exchanges written byte for byte over a socket, for what java.net.http refuses to send
 * (a malformed escape, a body that stops short of its Content-Length).
 */
public final class RawHttp {
    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** What an exchange answered: the status, the headers (names in lower case) and the body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
        }

        public String errorCode() {
            return JsonMapper.builder().build().readTree(body).get("errors").get(0).get("code").asString();
        }
    }

    /** Sends the request as written, with {@code Connection: close}, and reads the whole answer. */
    public Response send(String method, String target, byte[] body, String... headerLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    /** Sends the bytes as they are (a whole request, head and body) and reads the whole answer. */
    public Response sendBytes(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream());
        }
    }

    public Response send(String method, String target, String... headerLines) throws IOException {
        return send(method, target, new byte[0], headerLines);
    }

    /**
     * Announces a large body, sends only its first bytes, and returns the status line the server
     * answers with meanwhile: a server that waits for the whole body first does not answer within 5 s.
     */
    public String statusLineBeforeTheBodyIsSent(String method, String target, String contentType, String... headerLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: 100000000\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").append("a=").append("b".repeat(1000)).toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                String line = readLine(socket.getInputStream());
                return line == null ? "connection closed" : line;
            } catch (SocketTimeoutException waitingForTheBody) {
                return "no answer within 5 s";
            }
        }
    }

    private static Response parse(InputStream in) throws IOException {
        String[] answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2);
        String[] lines = answer[0].split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = answer.length > 1 ? answer[1] : "";
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            body = unchunked(body);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
