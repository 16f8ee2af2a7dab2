// SPDX-License-Identifier: GPL-3.0-or-later
#include "Router.h"

#include "core/Tr.h"

#include <utility>

namespace dms::server {

void Router::add(const QByteArray &method, const QByteArray &path, Handler handler)
{
    m_routes[path].insert(method, std::move(handler));
}

void Router::addPrefix(const QByteArray &method, const QByteArray &prefix, Handler handler)
{
    m_prefixes[prefix].insert(method, std::move(handler));
}

HttpResponse Router::handle(const HttpRequest &request) const
{
    auto route = m_routes.constFind(request.path);
    if (route == m_routes.constEnd()) {
        // The longest prefix sorts last among those that match.
        route = m_prefixes.constEnd();
        for (auto it = m_prefixes.constBegin(); it != m_prefixes.constEnd(); ++it) {
            if (request.path.startsWith(it.key()) && request.path.size() > it.key().size())
                route = it;
        }
        if (route == m_prefixes.constEnd())
            return HttpResponse::error(404, ErrorCode::NotFound, Tr::tr("There is no such resource."));
    }
    const auto handler = route->constFind(request.method);
    if (handler == route->constEnd()) {
        HttpResponse response = HttpResponse::error(405, ErrorCode::InvalidInput,
                                                    Tr::tr("This resource does not accept this method."));
        response.headers.append({QByteArrayLiteral("Allow"), route->keys().join(", ")});
        return response;
    }
    return (*handler)(request);
}

} // namespace dms::server
