// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <libxml/tree.h>

namespace dms::exchange {

/** Validates messages against the official EGovMessaging.xsd and the schemas it
 *  imports, all compiled into the library as resources (:/dms/exchange/schema/).
 *  The schema set is compiled once per process, with every import served from the
 *  resources and anything else refused, so validation never touches the network
 *  or the file system. Thread-safe. */
class SchemaValidator
{
public:
    /** The shared validator; an invalid one (see status()) when the schemas fail to compile. */
    static const SchemaValidator &messaging();

    /** Whether the schemas compiled; the error says why not. */
    Status status() const;
    /** SchemaInvalid with the first violation (line and message) as detail. */
    Status validate(xmlDoc *doc) const;

    ~SchemaValidator();
    SchemaValidator(const SchemaValidator &) = delete;
    SchemaValidator &operator=(const SchemaValidator &) = delete;

private:
    SchemaValidator();
    struct Compiled;
    Compiled *m_compiled;
};

} // namespace dms::exchange
