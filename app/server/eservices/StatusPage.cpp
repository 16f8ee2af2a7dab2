// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/StatusPage.h"

#include "core/Tr.h"

#include <QTimeZone>

namespace dms::server {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString localTime(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")))
        .toString(QStringLiteral("dd.MM.yyyy HH:mm"));
}

QString localDate(const QDate &date)
{
    return date.toString(QStringLiteral("dd.MM.yyyy"));
}

QString formHtml(const QString &index)
{
    return QStringLiteral("<form method=\"post\" action=\"") + QLatin1String(StatusPage::kPath)
        + QStringLiteral("\">\n<p><label for=\"index\">") + escaped(Tr::tr("Registration index"))
        + QStringLiteral("</label><br><input id=\"index\" name=\"index\" type=\"text\" required"
                         " maxlength=\"100\" autocomplete=\"off\" value=\"")
        + escaped(index) + QStringLiteral("\"></p>\n<p><label for=\"code\">") + escaped(Tr::tr("Access code"))
        + QStringLiteral("</label><br><input id=\"code\" name=\"code\" type=\"password\" required"
                         " maxlength=\"64\" autocomplete=\"off\"></p>\n<p><button type=\"submit\">")
        + escaped(Tr::tr("Show the status")) + QStringLiteral("</button></p>\n</form>\n");
}

} // namespace

HttpResponse StatusPage::page(int status, const QString &body)
{
    const QString html
        = QStringLiteral("<!DOCTYPE html>\n<html lang=\"bg\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<title>")
        + escaped(Tr::tr("Status of an application"))
        + QStringLiteral("</title>\n<style>body{font-family:sans-serif;max-width:40em;margin:1em auto;"
                         "padding:0 1em;line-height:1.5}input,button{font-size:1em;padding:.3em}"
                         "table{border-collapse:collapse}th,td{border:1px solid #555;padding:.3em;"
                         "text-align:left}[role=alert]{border:2px solid #a00;padding:.5em}</style>\n"
                         "</head>\n<body>\n<main>\n<h1>")
        + escaped(Tr::tr("Status of an application")) + QStringLiteral("</h1>\n") + body
        + QStringLiteral("</main>\n</body>\n</html>\n");
    HttpResponse response;
    response.status = status;
    response.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    response.body = html.toUtf8();
    response.headers = {
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
        {QByteArrayLiteral("Content-Security-Policy"),
         QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                           "frame-ancestors 'none'")},
        {QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")},
        {QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer")},
    };
    return response;
}

HttpResponse StatusPage::form()
{
    return page(200,
                QStringLiteral("<p>")
                    + escaped(Tr::tr("Enter the registration index and the access code you received when "
                                     "you applied."))
                    + QStringLiteral("</p>\n") + formHtml({}));
}

HttpResponse StatusPage::message(int status, const QString &text, const QString &index)
{
    return page(status,
                QStringLiteral("<p role=\"alert\" id=\"message\">") + escaped(text) + QStringLiteral("</p>\n")
                    + formHtml(index));
}

HttpResponse StatusPage::tooManyRequests(int retryAfterSeconds)
{
    HttpResponse response
        = message(429,
                  Tr::tr("Too many attempts from your address. Please try again in %1 seconds.")
                      .arg(retryAfterSeconds));
    response.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds)});
    return response;
}

HttpResponse StatusPage::result(const PublicApplicationStatus &status)
{
    QString body = QStringLiteral("<section aria-labelledby=\"result\">\n<h2 id=\"result\">")
        + escaped(Tr::tr("Application %1").arg(status.registrationIndex)) + QStringLiteral("</h2>\n<dl>\n");
    const auto row = [&body](const QString &term, const QString &value, const char *id) {
        body += QStringLiteral("<dt>") + escaped(term) + QStringLiteral("</dt><dd id=\"") + QLatin1String(id)
            + QStringLiteral("\">") + escaped(value) + QStringLiteral("</dd>\n");
    };
    row(Tr::tr("Service"),
        status.serviceName + QStringLiteral(" (") + status.serviceIisdaNumber + QLatin1Char(')'), "service");
    row(Tr::tr("Status"), displayName(status.status), "status");
    row(Tr::tr("Received"), localTime(status.receivedAt), "received");
    if (status.deadline.isValid())
        row(Tr::tr("Deadline"), localDate(status.deadline), "deadline");
    else if (status.remainingWorkingDays >= 0)
        row(Tr::tr("Deadline"),
            Tr::tr("stopped while we wait for you; %n working day(s) left", nullptr,
                   status.remainingWorkingDays),
            "deadline");
    row(Tr::tr("Case file"), status.caseOpen ? Tr::tr("open") : Tr::tr("closed"), "case");
    body += QStringLiteral("</dl>\n<h3>") + escaped(Tr::tr("History"))
        + QStringLiteral("</h3>\n<table id=\"history\">\n<tr><th scope=\"col\">") + escaped(Tr::tr("Time"))
        + QStringLiteral("</th><th scope=\"col\">") + escaped(Tr::tr("Status"))
        + QStringLiteral("</th><th scope=\"col\">") + escaped(Tr::tr("Deadline"))
        + QStringLiteral("</th></tr>\n");
    for (const ApplicationStatusEvent &event : status.history)
        body += QStringLiteral("<tr><td>") + escaped(localTime(event.at)) + QStringLiteral("</td><td>")
            + escaped(displayName(event.status)) + QStringLiteral("</td><td>")
            + escaped(event.deadline.isValid() ? localDate(event.deadline) : QStringLiteral("–"))
            + QStringLiteral("</td></tr>\n");
    body += QStringLiteral("</table>\n<h3>") + escaped(Tr::tr("Documents of the case file"))
        + QStringLiteral("</h3>\n<ul id=\"documents\">\n");
    for (const PublicCaseDocument &document : status.caseDocuments)
        body += QStringLiteral("<li>") + escaped(document.index) + QStringLiteral(" – ")
            + escaped(localTime(document.registeredAt)) + QStringLiteral("</li>\n");
    body += QStringLiteral("</ul>\n</section>\n<p><a href=\"") + QLatin1String(StatusPage::kPath)
        + QStringLiteral("\">") + escaped(Tr::tr("Check another application")) + QStringLiteral("</a></p>\n");
    return page(200, body);
}

} // namespace dms::server
