// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QByteArray>
#include <QMap>

#include <functional>

namespace dms::server {

/** Maps (method, exact path) to handlers. An unknown path answers 404 and a known
 *  path with another method 405 (with Allow), both with the API's JSON error.
 *  Routes are added before the server starts; handle() is then safe from any thread. */
class Router
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    /** Adds or replaces the handler of a method ("GET", "POST", …) on a path. */
    void add(const QByteArray &method, const QByteArray &path, Handler handler);
    /** Adds the handler of a method on every path under `prefix` (ending in '/'),
     *  for resources named in the path such as /opendata/registers/<code>.csv. An
     *  exact path wins over a prefix, a longer prefix over a shorter one; the
     *  handler checks the rest of the path itself. */
    void addPrefix(const QByteArray &method, const QByteArray &prefix, Handler handler);
    HttpResponse handle(const HttpRequest &request) const;

private:
    QMap<QByteArray, QMap<QByteArray, Handler>> m_routes; // path → method → handler
    QMap<QByteArray, QMap<QByteArray, Handler>> m_prefixes; // prefix → method → handler
};

} // namespace dms::server
