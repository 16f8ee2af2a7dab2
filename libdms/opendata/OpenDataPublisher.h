// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "opendata/OpenDataLinks.h"

#include <QString>

namespace dms {

/** Who publishes the open data, and where: what the DCAT-AP catalogue says about
 *  the catalogue itself (from the server's [opendata] settings). */
struct OpenDataPublisher
{
    OpenDataLinks links; ///< the public base URL
    QString name; ///< the administration, e.g. "Столична община"
    QString homepage; ///< its web site; the base URL when empty
    QString contactEmail; ///< for dcat:contactPoint; left out when empty
    QString catalogTitle; ///< "<name>: отворени данни" when empty
    QString catalogDescription;
};

} // namespace dms
