// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libxml/tree.h>
#include <memory>

namespace dms::exchange {

struct XmlDocFree
{
    void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
};

/** An owned libxml2 document. */
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

} // namespace dms::exchange
