package dev.berth.registry.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading the fields pages show from manifests and configs, which may hold anything: absent or ill-typed fields are simply not shown. */
final class Json {
    private Json() {
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() && !value.asString().isEmpty() ? Optional.of(value.asString()) : Optional.empty();
    }

    static long number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isIntegralNumber() ? value.asLong() : 0;
    }

    static List<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        List<JsonNode> items = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(items::add);
        }
        return items;
    }

    /** A string array (an entrypoint, a command, the environment) as its strings. */
    static List<String> strings(JsonNode node, String field) {
        return array(node, field).stream().filter(JsonNode::isString).map(JsonNode::asString).toList();
    }

    static Optional<JsonNode> object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? Optional.of(value) : Optional.empty();
    }
}
