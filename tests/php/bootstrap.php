<?php
/**
 * PHPUnit bootstrap: the extension must be loaded (php -d extension=...), and a
 * fake-panel must be running, described by FAKE_PANEL_READY (its ready line), as
 * scripts/with-panel.sh arranges.
 */

declare(strict_types=1);

if (!extension_loaded('wu_hosting')) {
    fwrite(STDERR, "The wu_hosting extension is not loaded: run php -d extension=target/release/libwu_hosting.so /usr/bin/phpunit ...\n");
    exit(1);
}
if (getenv('FAKE_PANEL_READY') === false) {
    fwrite(STDERR, "No fake-panel: run the tests through scripts/with-panel.sh (make test).\n");
    exit(1);
}

require __DIR__ . '/support/ExtensionHelpers.php';
require __DIR__ . '/support/FakePanel.php';
require __DIR__ . '/support/PanelTestCase.php';
require __DIR__ . '/support/Fixtures.php';
require __DIR__ . '/support/FaultScenario.php';
require __DIR__ . '/support/FpmPool.php';
