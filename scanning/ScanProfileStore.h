// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/ScanProfile.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

namespace dms {

/** Scan profiles kept in QSettings under "scanning/profiles". Until a profile is
 *  saved the store answers with the shipped defaults (defaults()); saving or
 *  removing one stores the whole list. Values read back are checked: a profile
 *  with an unknown mode, a resolution outside 50..1200 dpi or a JPEG quality
 *  outside 1..100 is skipped with a warning rather than used.
 *  Not thread-safe (as QSettings). */
class ScanProfileStore
{
public:
    /** `settings` must outlive the store. */
    explicit ScanProfileStore(QSettings &settings);

    /** The shipped profiles: "Documents" (gray 300 dpi JPEG q75, feeder, OCR),
     *  "Text bitonal" (lineart 300 dpi G4, feeder, OCR), "Photos and ID copies"
     *  (colour 300 dpi JPEG q80, flatbed, no OCR) and "Feeder, split on QR"
     *  (as Documents, separated by any barcode sheet). */
    static QList<ScanProfile> defaults();

    QList<ScanProfile> profiles() const;
    /** NotFound when there is no profile of that name (names compare case-insensitively). */
    Result<ScanProfile> profile(const QString &name) const;
    /** Adds or replaces (by name) a profile. InvalidInput for an empty name, a
     *  resolution outside 50..1200 or a JPEG quality outside 1..100. */
    [[nodiscard]] Status save(const ScanProfile &profile);
    /** NotFound when there is no such profile. */
    [[nodiscard]] Status remove(const QString &name);
    /** Forgets the stored list: the defaults apply again. */
    void reset();

    /** The words stored in settings and taken by delovodctl ("feeder", "gray",
     *  "bitonal", "barcode" …); parsing ignores case. */
    static QString sourceName(ScanSource source);
    static QString modeName(ColorMode mode);
    static QString compressionName(PageCompression compression);
    static QString separatorName(SeparatorRule::Kind kind);
    static std::optional<ScanSource> parseSource(const QString &text);
    static std::optional<ColorMode> parseMode(const QString &text);
    static std::optional<PageCompression> parseCompression(const QString &text);
    static std::optional<SeparatorRule::Kind> parseSeparator(const QString &text);

    /** The checks save() applies. */
    static Status validate(const ScanProfile &profile);

private:
    void store(const QList<ScanProfile> &profiles);

    QSettings &m_settings;
};

} // namespace dms
