<?php
/**
 * The C ABI described by include/wu_hosting.h, called through PHP's FFI.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

final class FfiTest extends TestCase
{
    public function testHeaderDeclaresWhatTheLibraryExports(): void
    {
        $this->assertTrue(extension_loaded('ffi'), 'PHP FFI is needed for this test');
        $root = dirname(__DIR__, 2);
        $header = (string) file_get_contents("$root/include/wu_hosting.h");
        // FFI::cdef takes declarations only, not preprocessor lines.
        $declarations = implode("\n", array_filter(explode("\n", $header), fn ($l) => !str_starts_with(ltrim($l), '#')));
        $lib = getenv('WU_HOSTING_EXTENSION') ?: "$root/target/release/libwu_hosting.so";
        $ffi = FFI::cdef($declarations, $lib);
        // A returned `const char *` arrives as a PHP string.
        $this->assertSame(wu_hosting_version(), $ffi->wu_hosting_version());
    }
}
