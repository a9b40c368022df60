<?php
/**
 * Base of the tests that talk to fake-panel: a fresh panel state per test.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

use PHPUnit\Framework\TestCase;

abstract class PanelTestCase extends TestCase
{
    use ExtensionHelpers {
        thrown as private thrownException;
    }

    protected FakePanel $panel;

    protected function setUp(): void
    {
        $this->panel = new FakePanel();
        $this->panel->reset();
    }

    protected function tearDown(): void
    {
        $this->panel->admin('DELETE', 'faults');
    }

    /** As ExtensionHelpers::thrown(), and the message must not show the panel's token. */
    protected function thrown(callable $fn, string $class): \Throwable
    {
        $e = $this->thrownException($fn, $class);
        $this->assertStringNotContainsString($this->panel->ready['enhance_token'], $e->getMessage());
        return $e;
    }
}
