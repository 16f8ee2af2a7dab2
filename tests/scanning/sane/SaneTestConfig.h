// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace dms {

/** A private SANE configuration in which only the "test" backend is loaded:
 *  two gray 8-bit A4 devices at 75 dpi, plus `extraOptions` (test.conf lines,
 *  e.g. `test-picture "Color pattern"`). Sets SANE_CONFIG_DIR to `directory`;
 *  libsane reads it at the first sane_init only, so call this before any scan.
 *  Returns an error message, or an empty string on success. */
QString useSaneTestBackend(const QString &directory, const QByteArray &extraOptions = {});

} // namespace dms
