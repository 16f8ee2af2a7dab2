// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/EServiceEndpoints.h"

#include "HttpResponse.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "eservices/ApplicationRequestParser.h"
#include "eservices/ApplicationService.h"
#include "eservices/RateLimiter.h"
#include "eservices/SignedAttachmentVerifier.h"
#include "eservices/StatusPage.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <utility>

namespace dms::server {

namespace {

constexpr int kMaxIndexLength = 100;
constexpr int kMaxCodeLength = 64;

/** What the routes share, kept alive by them. */
struct EServiceRuntime
{
    EServiceRuntime(std::shared_ptr<Database> db, std::shared_ptr<const Clock> clk,
                    const EServiceEndpoints::Settings &settings_)
        : database(std::move(db))
        , clock(std::move(clk))
        , context {*database, *clock}
        , settings(settings_)
        , blobs(settings_.blobDir)
        , verifier(settings_.trustAnchorsPem)
        , applications(context, &blobs, &verifier)
        , limiter(settings_.requestsPerMinute, settings_.burst)
    { }
    std::shared_ptr<Database> database;
    std::shared_ptr<const Clock> clock;
    ServiceContext context;
    const EServiceEndpoints::Settings settings;
    BlobStore blobs;
    SignedAttachmentVerifier verifier;
    ApplicationService applications;
    RateLimiter limiter;
};

HttpResponse fieldError(int status, const Error &error)
{
    QJsonObject body {{QStringLiteral("code"), QLatin1String(errorCodeName(error.code))},
                      {QStringLiteral("message"), error.message}};
    if (!error.detail.isEmpty())
        body.insert(QStringLiteral("field"), error.detail);
    return HttpResponse::json(status, QJsonObject {{QStringLiteral("error"), body}});
}

HttpResponse submit(EServiceRuntime &runtime, const HttpRequest &request)
{
    const QByteArray type = request.contentType.split(';').constFirst().trimmed().toLower();
    if (type != "application/json")
        return HttpResponse::error(415, ErrorCode::InvalidInput,
                                   Tr::tr("The application must be sent as JSON."));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return HttpResponse::error(400, ErrorCode::InvalidInput,
                                   Tr::tr("The body is not valid JSON (at byte %1: %2).")
                                       .arg(parseError.offset)
                                       .arg(parseError.errorString()));
    if (!document.isObject())
        return HttpResponse::error(400, ErrorCode::InvalidInput, Tr::tr("The body must be a JSON object."));
    auto parsed = ApplicationRequestParser::parse(document.object());
    if (!parsed)
        return fieldError(422, parsed.error());
    auto session = UserService(runtime.context).sessionFor(runtime.settings.user);
    if (!session)
        return HttpResponse::error(503, ErrorCode::InvalidState,
                                   Tr::tr("The e-service intake is not set up on this server."));
    const QByteArray sha256 = QCryptographicHash::hash(request.body, QCryptographicHash::Sha256).toHex();
    auto receipt = runtime.applications.submit(*session, *parsed, sha256);
    if (!receipt) {
        switch (receipt.error().code) {
        case ErrorCode::InvalidInput:
            return fieldError(422, receipt.error());
        case ErrorCode::Conflict:
            return fieldError(409, receipt.error());
        case ErrorCode::PermissionDenied:
            return HttpResponse::error(503, ErrorCode::InvalidState,
                                       Tr::tr("The e-service intake is not set up on this server."));
        default:
            return HttpResponse::error(500, ErrorCode::Internal,
                                       Tr::tr("The application could not be stored."));
        }
    }
    HttpResponse response = HttpResponse::json(
        201,
        QJsonObject {{QStringLiteral("applicationId"), receipt->applicationId},
                     {QStringLiteral("registrationIndex"), receipt->registrationIndex},
                     {QStringLiteral("accessCode"), receipt->accessCode},
                     {QStringLiteral("deadline"), receipt->deadline.toString(Qt::ISODate)},
                     {QStringLiteral("status"), toName(receipt->status)}});
    response.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    if (receipt->repeated)
        response.headers.append({QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true")});
    return response;
}

/** Form fields from a query or an application/x-www-form-urlencoded body. */
QUrlQuery formFields(QByteArray encoded)
{
    encoded.replace('+', "%20");
    return QUrlQuery(QString::fromLatin1(encoded));
}

HttpResponse statusPage(EServiceRuntime &runtime, const HttpRequest &request)
{
    const QUrlQuery fields = formFields(request.method == "POST" ? request.body : request.query);
    const QString index = fields.queryItemValue(QStringLiteral("index"), QUrl::FullyDecoded).trimmed();
    const QString code = fields.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).trimmed();
    if (index.isEmpty() && code.isEmpty())
        return StatusPage::form();
    if (const int wait = runtime.limiter.acquire(request.remoteAddress); wait > 0)
        return StatusPage::tooManyRequests(wait);
    const QString shownIndex = index.left(kMaxIndexLength);
    if (index.isEmpty() || code.isEmpty())
        return StatusPage::message(400, Tr::tr("Enter both the registration index and the access code."),
                                   shownIndex);
    const QString notFound = Tr::tr("No application matches this registration index and access code.");
    if (index.size() > kMaxIndexLength || code.size() > kMaxCodeLength)
        return StatusPage::message(404, notFound, shownIndex);
    auto status = runtime.applications.publicStatus(index, code);
    if (!status) {
        if (status.error().code == ErrorCode::NotFound)
            return StatusPage::message(404, notFound, shownIndex);
        return StatusPage::message(503, Tr::tr("The status cannot be shown now. Please try again later."),
                                   shownIndex);
    }
    return StatusPage::result(*status);
}

} // namespace

void EServiceEndpoints::install(Router &router, Router &publicRouter, std::shared_ptr<Database> database,
                                std::shared_ptr<const Clock> clock, const Settings &settings)
{
    auto runtime = std::make_shared<EServiceRuntime>(std::move(database), std::move(clock), settings);
    if (!settings.user.isEmpty())
        router.add("POST", kApplicationsPath,
                   [runtime](const HttpRequest &request) { return submit(*runtime, request); });
    const auto page = [runtime](const HttpRequest &request) {
        return statusPage(*runtime, request);
    };
    publicRouter.add("GET", StatusPage::kPath, page);
    publicRouter.add("POST", StatusPage::kPath, page);
}

EServiceEndpoints::Settings EServiceEndpoints::settingsFrom(const ServerConfig &config,
                                                            const Database &database)
{
    Settings settings;
    settings.user = config.eservicesUser;
    settings.trustAnchorsPem = config.eservicesTrustAnchors;
    settings.requestsPerMinute = config.publicRequestsPerMinute;
    settings.burst = config.publicBurst;
    settings.blobDir = config.syncBlobDir;
    if (settings.blobDir.isEmpty())
        settings.blobDir = database.isSqlite()
            ? QFileInfo(database.config().path).absoluteDir().filePath(QStringLiteral("blobs"))
            : QStringLiteral("/var/lib/delovod/blobs");
    return settings;
}

} // namespace dms::server
