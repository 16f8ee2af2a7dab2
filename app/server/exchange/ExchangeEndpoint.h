// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"

namespace dms::exchange {
class ExchangeService;
}

namespace dms::server {

/** The Article 18 (СЕОС) participant endpoint: SOAP 1.1 Submit(string) on POST.
 *  A body the server spooled to a file (a big message) is handled streamed
 *  (ExchangeService::receiveFile), never loaded; a small one in memory.
 *  A usable message gets 200 with SubmitResult (empty = accepted, or a signed
 *  status / error message); an unusable envelope or message gets a SOAP fault
 *  (500, faultcode Client) and an internal failure a Server fault, which peers retry. */
class ExchangeEndpoint
{
public:
    static constexpr const char *kDefaultPath = "/EGovExchange";

    /** The service must outlive the router's use. */
    static void install(Router &router, exchange::ExchangeService &service,
                        const QByteArray &path = QByteArray(kDefaultPath));
};

} // namespace dms::server
