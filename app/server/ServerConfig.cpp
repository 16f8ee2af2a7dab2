// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerConfig.h"

#include "core/Tr.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

#include <limits>

namespace dms::server {

namespace {

const QString kDatabaseUrl = QStringLiteral("database/url");
const QString kHttpAddress = QStringLiteral("http/address");
const QString kHttpPort = QStringLiteral("http/port");
const QString kHttpThreads = QStringLiteral("http/threads");
const QString kTlsCertificate = QStringLiteral("tls/certificate");
const QString kTlsKey = QStringLiteral("tls/key");
const QString kTlsClientCa = QStringLiteral("tls/client_ca");
const QString kMaxHeaderBytes = QStringLiteral("limits/max_header_bytes");
const QString kMaxBodyBytes = QStringLiteral("limits/max_body_bytes");
const QString kRequestTimeout = QStringLiteral("limits/request_timeout_ms");
const QString kIdleTimeout = QStringLiteral("limits/idle_timeout_ms");
const QString kShutdownTimeout = QStringLiteral("limits/shutdown_timeout_ms");
const QString kSpoolDir = QStringLiteral("limits/spool_dir");
const QString kSyncBlobDir = QStringLiteral("sync/blob_dir");
const QString kSyncSessionMinutes = QStringLiteral("sync/session_minutes");
const QString kExchangeEnabled = QStringLiteral("exchange/enabled");
const QString kExchangeGuid = QStringLiteral("exchange/guid");
const QString kExchangeIdentifier = QStringLiteral("exchange/identifier");
const QString kExchangeName = QStringLiteral("exchange/name");
const QString kExchangeCertificate = QStringLiteral("exchange/certificate");
const QString kExchangeKey = QStringLiteral("exchange/key");
const QString kExchangePeersCa = QStringLiteral("exchange/peers_ca");
const QString kExchangeDeliveryInterval = QStringLiteral("exchange/delivery_interval_s");
const QString kExchangeMaxMessageBytes = QStringLiteral("exchange/max_message_bytes");
const QString kExchangeRegistryUrl = QStringLiteral("exchange/registry_url");
const QString kExchangeRegistryRefreshInterval = QStringLiteral("exchange/registry_refresh_interval_s");
const QString kPublicAddress = QStringLiteral("public/address");
const QString kPublicPort = QStringLiteral("public/port");
const QString kPublicCertificate = QStringLiteral("public/certificate");
const QString kPublicKey = QStringLiteral("public/key");
const QString kPublicRequestsPerMinute = QStringLiteral("public/requests_per_minute");
const QString kPublicBurst = QStringLiteral("public/burst");
const QString kEservicesUser = QStringLiteral("eservices/user");
const QString kEservicesTrustAnchors = QStringLiteral("eservices/trust_anchors");
const QString kOpendataBaseUrl = QStringLiteral("opendata/base_url");
const QString kOpendataPublisher = QStringLiteral("opendata/publisher");
const QString kOpendataHomepage = QStringLiteral("opendata/homepage");
const QString kOpendataContactEmail = QStringLiteral("opendata/contact_email");
const QString kOpendataCatalogTitle = QStringLiteral("opendata/catalog_title");
const QString kOpendataCatalogDescription = QStringLiteral("opendata/catalog_description");

/** QSettings reads an unquoted value with commas as a list; a URL may well have one. */
QString text(const QSettings &settings, const QString &key)
{
    const QVariant value = settings.value(key);
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(',')).trimmed();
    return value.toString().trimmed();
}

/** A number setting; -1 (always out of range) when it is not a number. */
qint64 number(const QSettings &settings, const QString &key, qint64 fallback)
{
    if (!settings.contains(key))
        return fallback;
    bool ok = false;
    const qint64 value = text(settings, key).toLongLong(&ok);
    return ok ? value : -1;
}

int intNumber(const QSettings &settings, const QString &key, int fallback)
{
    const qint64 value = number(settings, key, fallback);
    return value > std::numeric_limits<int>::max() ? -1 : int(value);
}

QString filePath(const QSettings &settings, const QString &key, const QDir &base)
{
    const QString value = text(settings, key);
    return value.isEmpty() ? value : QDir::cleanPath(base.absoluteFilePath(value));
}

/** An absolute http(s) URL with a host and without user info, query or fragment:
 *  what may be published as a link in the catalogue. */
bool isPublicWebAddress(const QString &text)
{
    if (text.size() > ServerConfig::kMaxOpenDataUrlLength)
        return false;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        && !url.host().isEmpty() && url.userInfo().isEmpty() && !url.hasQuery() && !url.hasFragment()
        && !text.contains(QLatin1Char(' '));
}

bool hasControlCharacter(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

Result<ServerConfig> ServerConfig::load(const QString &path)
{
    const QFileInfo file(path);
    if (!file.isFile() || !file.isReadable())
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the configuration file."), path);
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The configuration file is not a valid INI file."),
                         path);

    static const QStringList known {kDatabaseUrl,
                                    kHttpAddress,
                                    kHttpPort,
                                    kHttpThreads,
                                    kTlsCertificate,
                                    kTlsKey,
                                    kTlsClientCa,
                                    kMaxHeaderBytes,
                                    kMaxBodyBytes,
                                    kRequestTimeout,
                                    kIdleTimeout,
                                    kShutdownTimeout,
                                    kSpoolDir,
                                    kSyncBlobDir,
                                    kSyncSessionMinutes,
                                    kExchangeEnabled,
                                    kExchangeGuid,
                                    kExchangeIdentifier,
                                    kExchangeName,
                                    kExchangeCertificate,
                                    kExchangeKey,
                                    kExchangePeersCa,
                                    kExchangeDeliveryInterval,
                                    kExchangeMaxMessageBytes,
                                    kExchangeRegistryUrl,
                                    kExchangeRegistryRefreshInterval,
                                    kPublicAddress,
                                    kPublicPort,
                                    kPublicCertificate,
                                    kPublicKey,
                                    kPublicRequestsPerMinute,
                                    kPublicBurst,
                                    kEservicesUser,
                                    kEservicesTrustAnchors,
                                    kOpendataBaseUrl,
                                    kOpendataPublisher,
                                    kOpendataHomepage,
                                    kOpendataContactEmail,
                                    kOpendataCatalogTitle,
                                    kOpendataCatalogDescription};
    ServerConfig config;
    QStringList problems;
    for (const QString &key : settings.allKeys()) {
        if (!known.contains(key))
            problems << Tr::tr("unknown setting '%1'").arg(key);
    }
    config.databaseUrl = text(settings, kDatabaseUrl);
    if (settings.contains(kHttpAddress))
        config.listenAddress = text(settings, kHttpAddress);
    config.port = intNumber(settings, kHttpPort, config.port);
    config.threads = intNumber(settings, kHttpThreads, config.threads);
    const QDir base = file.absoluteDir();
    config.certificateFile = filePath(settings, kTlsCertificate, base);
    config.keyFile = filePath(settings, kTlsKey, base);
    config.clientCaFile = filePath(settings, kTlsClientCa, base);
    config.maxHeaderBytes = number(settings, kMaxHeaderBytes, config.maxHeaderBytes);
    config.maxBodyBytes = number(settings, kMaxBodyBytes, config.maxBodyBytes);
    config.requestTimeoutMs = intNumber(settings, kRequestTimeout, config.requestTimeoutMs);
    config.idleTimeoutMs = intNumber(settings, kIdleTimeout, config.idleTimeoutMs);
    config.shutdownTimeoutMs = intNumber(settings, kShutdownTimeout, config.shutdownTimeoutMs);
    config.spoolDir = filePath(settings, kSpoolDir, base);
    config.syncBlobDir = filePath(settings, kSyncBlobDir, base);
    config.syncSessionMinutes = intNumber(settings, kSyncSessionMinutes, config.syncSessionMinutes);
    const QString enabled = text(settings, kExchangeEnabled).toLower();
    if (enabled == QLatin1String("true") || enabled == QLatin1String("1"))
        config.exchangeEnabled = true;
    else if (!enabled.isEmpty() && enabled != QLatin1String("false") && enabled != QLatin1String("0"))
        problems << Tr::tr("exchange/enabled must be true or false");
    config.exchangeGuid = text(settings, kExchangeGuid);
    config.exchangeIdentifier = text(settings, kExchangeIdentifier);
    config.exchangeName = text(settings, kExchangeName);
    config.exchangeCertificateFile = filePath(settings, kExchangeCertificate, base);
    config.exchangeKeyFile = filePath(settings, kExchangeKey, base);
    config.exchangePeersCaFile = filePath(settings, kExchangePeersCa, base);
    config.exchangeDeliveryIntervalS
        = intNumber(settings, kExchangeDeliveryInterval, config.exchangeDeliveryIntervalS);
    config.exchangeMaxMessageBytes
        = number(settings, kExchangeMaxMessageBytes, config.exchangeMaxMessageBytes);
    config.exchangeRegistryUrl = text(settings, kExchangeRegistryUrl);
    config.exchangeRegistryRefreshIntervalS
        = intNumber(settings, kExchangeRegistryRefreshInterval, config.exchangeRegistryRefreshIntervalS);
    if (settings.contains(kPublicAddress))
        config.publicAddress = text(settings, kPublicAddress);
    config.publicPort = intNumber(settings, kPublicPort, config.publicPort);
    config.publicCertificateFile = filePath(settings, kPublicCertificate, base);
    config.publicKeyFile = filePath(settings, kPublicKey, base);
    config.publicRequestsPerMinute
        = intNumber(settings, kPublicRequestsPerMinute, config.publicRequestsPerMinute);
    config.publicBurst = intNumber(settings, kPublicBurst, config.publicBurst);
    config.eservicesUser = text(settings, kEservicesUser);
    config.eservicesTrustAnchors = filePath(settings, kEservicesTrustAnchors, base);
    config.opendataBaseUrl = text(settings, kOpendataBaseUrl);
    // "https://opendata.sofia.bg/" and "https://opendata.sofia.bg" are the same base.
    while (config.opendataBaseUrl.endsWith(QLatin1Char('/')))
        config.opendataBaseUrl.chop(1);
    config.opendataPublisher = text(settings, kOpendataPublisher);
    config.opendataHomepage = text(settings, kOpendataHomepage);
    config.opendataContactEmail = text(settings, kOpendataContactEmail);
    config.opendataCatalogTitle = text(settings, kOpendataCatalogTitle);
    config.opendataCatalogDescription = text(settings, kOpendataCatalogDescription);
    problems << config.problems();
    if (!problems.isEmpty()) {
        for (QString &problem : problems)
            problem.prepend(path + QStringLiteral(": "));
        return makeError(ErrorCode::InvalidInput, Tr::tr("The configuration file has errors."),
                         problems.join(QLatin1Char('\n')));
    }
    return config;
}

QStringList ServerConfig::problems() const
{
    QStringList out;
    // 0 picks a free port (the server prints it): for tests and ad-hoc runs.
    if (port < 0 || port > 65535)
        out << Tr::tr("http/port must be a number from 0 (any free port) to 65535");
    QHostAddress address;
    if (listenAddress != QLatin1String("localhost") && !address.setAddress(listenAddress))
        out << Tr::tr("http/address must be an IP address or 'localhost', not '%1'").arg(listenAddress);
    if (threads < 1 || threads > 256)
        out << Tr::tr("http/threads must be a number from 1 to 256");
    const int tlsSet
        = int(!certificateFile.isEmpty()) + int(!keyFile.isEmpty()) + int(!clientCaFile.isEmpty());
    if (tlsSet != 0 && tlsSet != 3)
        out << Tr::tr("tls/certificate, tls/key and tls/client_ca must be set together");
    if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024)
        out << Tr::tr("limits/max_header_bytes must be a number from 1024 to 1048576");
    if (maxBodyBytes < 0)
        out << Tr::tr("limits/max_body_bytes must be a number of bytes");
    if (requestTimeoutMs < 1)
        out << Tr::tr("limits/request_timeout_ms must be a positive number of milliseconds");
    if (idleTimeoutMs < 1)
        out << Tr::tr("limits/idle_timeout_ms must be a positive number of milliseconds");
    if (shutdownTimeoutMs < 0)
        out << Tr::tr("limits/shutdown_timeout_ms must be a number of milliseconds");
    if (syncSessionMinutes < 1 || syncSessionMinutes > 7 * 24 * 60)
        out << Tr::tr("sync/session_minutes must be a number from 1 to 10080");
    if (publicPort < 0 || publicPort > 65535)
        out << Tr::tr("public/port must be a number from 0 (any free port) to 65535");
    if (publicAddress != QLatin1String("localhost") && !address.setAddress(publicAddress))
        out << Tr::tr("public/address must be an IP address or 'localhost', not '%1'").arg(publicAddress);
    if (publicCertificateFile.isEmpty() != publicKeyFile.isEmpty())
        out << Tr::tr("public/certificate and public/key must be set together");
    if (publicRequestsPerMinute < 1 || publicRequestsPerMinute > 1'000'000)
        out << Tr::tr("public/requests_per_minute must be a number from 1 to 1000000");
    if (publicBurst < 1 || publicBurst > 1'000'000)
        out << Tr::tr("public/burst must be a number from 1 to 1000000");
    out << openDataProblems();
    if (!exchangeEnabled)
        return out;
    // The registry GUID with or without braces; compared case-insensitively later.
    static const QRegularExpression guidPattern(QStringLiteral(
        "^\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?$"));
    if (!guidPattern.match(exchangeGuid).hasMatch())
        out << Tr::tr("exchange/guid must be our administration's GUID from the registry");
    if (exchangeIdentifier.isEmpty() || exchangeIdentifier.size() > 64)
        out << Tr::tr("exchange/identifier must be our identifier (ЕИК) from the registry");
    if (exchangeName.isEmpty())
        out << Tr::tr("exchange/name must be our administration's name");
    if (exchangeCertificateFile.isEmpty() || exchangeKeyFile.isEmpty() || exchangePeersCaFile.isEmpty())
        out << Tr::tr(
            "exchange/certificate, exchange/key and exchange/peers_ca must be set when the exchange "
            "is enabled");
    if (exchangeDeliveryIntervalS < 1 || exchangeDeliveryIntervalS > 24 * 60 * 60)
        out << Tr::tr("exchange/delivery_interval_s must be a number from 1 to 86400");
    if (exchangeMaxMessageBytes < kMinExchangeMaxMessageBytes
        || exchangeMaxMessageBytes > kMaxExchangeMaxMessageBytes)
        out << Tr::tr("exchange/max_message_bytes must be a number from %1 to %2")
                   .arg(kMinExchangeMaxMessageBytes)
                   .arg(kMaxExchangeMaxMessageBytes);
    const QUrl registryUrl(exchangeRegistryUrl, QUrl::StrictMode);
    if (!exchangeRegistryUrl.isEmpty()
        && (!registryUrl.isValid() || registryUrl.scheme() != QLatin1String("https")
            || registryUrl.host().isEmpty()))
        out << Tr::tr("exchange/registry_url must be an https URL");
    if (exchangeRegistryRefreshIntervalS < 60 || exchangeRegistryRefreshIntervalS > 7 * 24 * 60 * 60)
        out << Tr::tr("exchange/registry_refresh_interval_s must be a number from 60 to 604800");
    return out;
}

QStringList ServerConfig::openDataProblems() const
{
    QStringList out;
    if (!opendataBaseUrl.isEmpty() && !isPublicWebAddress(opendataBaseUrl))
        out << Tr::tr("opendata/base_url must be an absolute http or https URL without query or fragment");
    if (!opendataHomepage.isEmpty() && !isPublicWebAddress(opendataHomepage))
        out << Tr::tr("opendata/homepage must be an absolute http or https URL without query or fragment");
    // Deliberately loose: one '@', a dot in the domain, no spaces, brackets or quotes (it becomes a mailto:
    // IRI).
    static const QRegularExpression email(
        QStringLiteral("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"));
    if (!opendataContactEmail.isEmpty()
        && (opendataContactEmail.size() > 254 || !email.match(opendataContactEmail).hasMatch()))
        out << Tr::tr("opendata/contact_email must be an e-mail address such as opendata@sofia.bg");
    if (opendataPublisher.size() > kMaxOpenDataNameLength)
        out << Tr::tr("opendata/publisher must be at most %1 characters").arg(kMaxOpenDataNameLength);
    if (opendataCatalogTitle.size() > kMaxOpenDataNameLength)
        out << Tr::tr("opendata/catalog_title must be at most %1 characters").arg(kMaxOpenDataNameLength);
    if (opendataCatalogDescription.size() > kMaxOpenDataDescriptionLength)
        out << Tr::tr("opendata/catalog_description must be at most %1 characters")
                   .arg(kMaxOpenDataDescriptionLength);
    for (const auto &[key, value] : {std::pair {kOpendataPublisher, opendataPublisher},
                                     std::pair {kOpendataCatalogTitle, opendataCatalogTitle},
                                     std::pair {kOpendataCatalogDescription, opendataCatalogDescription}}) {
        if (hasControlCharacter(value))
            out << Tr::tr("%1 must not contain control characters").arg(key);
    }
    return out;
}

bool ServerConfig::hasTls() const
{
    return !certificateFile.isEmpty() && !keyFile.isEmpty() && !clientCaFile.isEmpty();
}

HttpServerSettings ServerConfig::httpSettings() const
{
    HttpServerSettings settings;
    settings.address = listenAddress;
    settings.port = port;
    settings.certificateFile = certificateFile;
    settings.keyFile = keyFile;
    settings.clientCaFile = clientCaFile;
    settings.maxHeaderBytes = maxHeaderBytes;
    settings.maxBodyBytes = maxBodyBytes;
    settings.requestTimeoutMs = requestTimeoutMs;
    settings.idleTimeoutMs = idleTimeoutMs;
    settings.shutdownTimeoutMs = shutdownTimeoutMs;
    settings.threads = threads;
    return settings;
}

QString ServerConfig::blobDir(const QString &sqliteDatabasePath) const
{
    if (!syncBlobDir.isEmpty())
        return syncBlobDir;
    return sqliteDatabasePath.isEmpty()
        ? QStringLiteral("/var/lib/delovod/blobs")
        : QFileInfo(sqliteDatabasePath).absoluteDir().filePath(QStringLiteral("blobs"));
}

QString ServerConfig::effectiveSpoolDir(const QString &sqliteDatabasePath) const
{
    return spoolDir.isEmpty() ? QDir(blobDir(sqliteDatabasePath)).filePath(QStringLiteral("spool"))
                              : spoolDir;
}

bool ServerConfig::hasPublicListener() const
{
    return !publicCertificateFile.isEmpty() && !publicKeyFile.isEmpty();
}

HttpServerSettings ServerConfig::publicHttpSettings() const
{
    HttpServerSettings settings = httpSettings();
    settings.address = publicAddress;
    settings.port = publicPort;
    settings.certificateFile = publicCertificateFile;
    settings.keyFile = publicKeyFile;
    settings.clientCaFile.clear();
    settings.requireClientCertificate = false;
    return settings;
}

} // namespace dms::server
