package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Opens stores for a test (from any thread) and closes them all after it, even when it fails. */
final class OpenedStores implements AfterEachCallback {
    private final List<AccountStore> opened = new CopyOnWriteArrayList<>();

    AccountStore open(AuthConfig config) {
        AccountStore store = AccountStores.open(config);
        opened.add(store);
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(AccountStore::close);
        opened.clear();
    }
}
