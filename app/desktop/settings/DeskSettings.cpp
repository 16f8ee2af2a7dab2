// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/DeskSettings.h"

#include "RegistrationActions.h"
#include "StartupOptions.h"
#include "core/Tr.h"
#include "storage/DatabaseConfig.h"

#if defined(DMS_HAVE_GUI_DOCUMENT)
#include "document/TrustAnchors.h"
#endif

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>
#include <QSettings>
#include <QUrl>

namespace dms {

namespace {

QString valueOf(const QSettings &settings, const QString &key, const QString &fallback = {})
{
    return settings.value(key, fallback).toString().trimmed();
}

Error invalid(const QString &message, const char *field)
{
    return makeError(ErrorCode::InvalidInput, message, QLatin1String(field));
}

/** Empty when `path` is a readable file holding `marker` (a PEM block); otherwise
 *  `unreadable` (%1 the path, %2 the reason) or `wrong` (%1 the path). */
QString pemProblem(const QString &path, const QByteArray &marker, const QString &unreadable,
                   const QString &wrong)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return unreadable.arg(path, file.errorString());
    if (!file.readAll().contains(marker))
        return wrong.arg(path);
    return {};
}

} // namespace

DeskSettings DeskSettings::load(const QSettings &settings)
{
    DeskSettings s;
    s.databaseUrl = valueOf(settings, StartupOptions::databaseSettingKey());
    s.serverUrl = valueOf(settings, StartupOptions::serverSettingKey());
    s.certificateFile = valueOf(settings, StartupOptions::certificateSettingKey());
    s.keyFile = valueOf(settings, StartupOptions::keySettingKey());
    s.caFile = valueOf(settings, StartupOptions::caSettingKey());
    s.scannerDevice = valueOf(settings, scannerDeviceKey());
    s.scanProfile = valueOf(settings, scanProfileKey());
    s.pkcs11Module
        = valueOf(settings, RegistrationActions::moduleKey(), RegistrationActions::defaultModule());
    s.signingCertificate = valueOf(settings, signingCertificateKey());
    s.receiptPrinter = valueOf(settings, RegistrationActions::receiptPrinterKey());
    s.labelPrinter = valueOf(settings, RegistrationActions::labelPrinterKey());
    s.language = valueOf(settings, languageKey(), QStringLiteral("bg"));
#if defined(DMS_HAVE_GUI_DOCUMENT)
    s.trustAnchors = valueOf(settings, TrustAnchors::settingKey());
#else
    s.trustAnchors = valueOf(settings, QStringLiteral("verification/trust_anchors"));
#endif
    return s;
}

void DeskSettings::save(QSettings &settings) const
{
    const auto put = [&settings](const QString &key, const QString &value) {
        if (value.trimmed().isEmpty())
            settings.remove(key);
        else
            settings.setValue(key, value.trimmed());
    };
    QString database = databaseUrl.trimmed();
    if (!database.isEmpty() && !database.contains(QLatin1Char(':')))
        database = QStringLiteral("sqlite:") + database; // a plain path is an SQLite file
    put(StartupOptions::databaseSettingKey(), database);
    put(StartupOptions::serverSettingKey(), serverUrl);
    put(StartupOptions::certificateSettingKey(), serverUrl.isEmpty() ? QString() : certificateFile);
    put(StartupOptions::keySettingKey(), serverUrl.isEmpty() ? QString() : keyFile);
    put(StartupOptions::caSettingKey(), serverUrl.isEmpty() ? QString() : caFile);
    put(scannerDeviceKey(), scannerDevice);
    put(scanProfileKey(), scanProfile);
    put(RegistrationActions::moduleKey(), pkcs11Module);
    put(signingCertificateKey(), signingCertificate);
    put(RegistrationActions::receiptPrinterKey(), receiptPrinter);
    put(RegistrationActions::labelPrinterKey(), labelPrinter);
    put(languageKey(), language);
    put(QStringLiteral("verification/trust_anchors"), trustAnchors);
    settings.sync();
}

Status DeskSettings::validate() const
{
    if (!serverUrl.isEmpty()) {
        const QUrl url(serverUrl, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            return invalid(Tr::tr("The server address must be https://host or https://host:port, not %1.")
                               .arg(serverUrl),
                           "serverUrl");
        if (certificateFile.isEmpty() || keyFile.isEmpty())
            return invalid(Tr::tr("A server desk needs its certificate and private key."),
                           certificateFile.isEmpty() ? "certificateFile" : "keyFile");
        const QString notCertificate = Tr::tr("The file %1 is not a certificate in PEM form.");
        if (const QString problem
            = pemProblem(certificateFile, "-----BEGIN CERTIFICATE-----",
                         Tr::tr("The certificate file %1 cannot be read: %2"), notCertificate);
            !problem.isEmpty())
            return invalid(problem, "certificateFile");
        if (const QString problem
            = pemProblem(keyFile, "PRIVATE KEY-----", Tr::tr("The private key file %1 cannot be read: %2"),
                         Tr::tr("The file %1 is not a private key in PEM form."));
            !problem.isEmpty())
            return invalid(problem, "keyFile");
        if (!caFile.isEmpty()) {
            if (const QString problem
                = pemProblem(caFile, "-----BEGIN CERTIFICATE-----",
                             Tr::tr("The CA certificate file %1 cannot be read: %2"), notCertificate);
                !problem.isEmpty())
                return invalid(problem, "caFile");
        }
    } else if (!databaseUrl.isEmpty()) {
        const QString url
            = databaseUrl.contains(QLatin1Char(':')) ? databaseUrl : QStringLiteral("sqlite:") + databaseUrl;
        auto config = DatabaseConfig::fromUrl(url);
        if (!config)
            return invalid(Tr::tr("The database is not a valid file or URL: %1").arg(config.error().message),
                           "databaseUrl");
        if (config->isSqlite()) {
            const QString path = url.mid(7);
            if (!QFileInfo(path).dir().exists())
                return invalid(Tr::tr("The folder of the database %1 does not exist.").arg(path),
                               "databaseUrl");
        }
    }

    if (pkcs11Module.isEmpty())
        return invalid(Tr::tr("Name the card's PKCS#11 module (p11-kit-proxy.so by default)."),
                       "pkcs11Module");
    if (pkcs11Module.contains(QLatin1Char('/')) && !QFileInfo(pkcs11Module).isFile())
        return invalid(Tr::tr("The PKCS#11 module %1 does not exist.").arg(pkcs11Module), "pkcs11Module");
    {
        // Loaded only to look for the PKCS#11 entry point: no token is opened.
        QLibrary library(pkcs11Module);
        if (!library.load())
            return invalid(
                Tr::tr("The PKCS#11 module %1 cannot be loaded: %2").arg(pkcs11Module, library.errorString()),
                "pkcs11Module");
        const bool isModule = library.resolve("C_GetFunctionList") != nullptr;
        library.unload();
        if (!isModule)
            return invalid(Tr::tr("%1 is not a PKCS#11 module.").arg(pkcs11Module), "pkcs11Module");
    }

    for (const auto &[printer, field] :
         {std::pair {receiptPrinter, "receiptPrinter"}, std::pair {labelPrinter, "labelPrinter"}}) {
        if (printer.startsWith(QLatin1String("pdf:")) && printer.mid(4).trimmed().isEmpty())
            return invalid(Tr::tr("Printing into a PDF needs a file name after \"pdf:\"."), field);
    }

    if (language != QLatin1String("bg") && language != QLatin1String("en"))
        return invalid(Tr::tr("The language must be Bulgarian (bg) or English (en)."), "language");

    if (!trustAnchors.isEmpty()) {
        if (!QFileInfo::exists(trustAnchors))
            return invalid(Tr::tr("The trusted certificates %1 do not exist.").arg(trustAnchors),
                           "trustAnchors");
#if defined(DMS_HAVE_GUI_DOCUMENT)
        if (auto anchors = TrustAnchors::load(trustAnchors); !anchors)
            return invalid(anchors.error().message, "trustAnchors");
#endif
    }
    return {};
}

} // namespace dms
