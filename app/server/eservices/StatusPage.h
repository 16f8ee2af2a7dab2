// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpResponse.h"
#include "eservices/ServiceApplication.h"

#include <QString>

namespace dms::server {

/** The citizens' status page: a small HTML page (lang="bg", labelled fields,
 *  no JavaScript) with the form for registration index and access code and, after
 *  a lookup, the status, deadline and history of the application and the
 *  registration indexes of its case file. It shows no names, personal numbers
 *  or addresses. All text goes through Tr; every value is HTML-escaped. */
class StatusPage
{
public:
    /** Where the page is served on the public listener. */
    static constexpr const char *kPath = "/eservices/status";

    /** The empty form. */
    static HttpResponse form();
    /** The form again with a message (no match, malformed input) and `status`. */
    static HttpResponse message(int status, const QString &text, const QString &index = {});
    /** The result of a successful lookup. */
    static HttpResponse result(const PublicApplicationStatus &status);
    /** 429 with Retry-After. */
    static HttpResponse tooManyRequests(int retryAfterSeconds);

private:
    static HttpResponse page(int status, const QString &body);
};

} // namespace dms::server
