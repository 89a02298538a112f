package dev.berth.registry.encryption.config;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether any repository is private: {@code berth.encryption.repositories} or {@code random-key-repositories} has a glob. */
class EncryptionEnabled extends SpringBootCondition {
    private static final List<String> GLOBS = List.of("berth.encryption.repositories", "berth.encryption.random-key-repositories");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        for (String property : GLOBS) {
            if (!binder.bind(property, Bindable.listOf(String.class)).orElse(List.of()).isEmpty()) {
                return ConditionOutcome.match(property + " names private repositories");
            }
        }
        return ConditionOutcome.noMatch("no private repositories (berth.encryption.repositories is not set)");
    }
}
