// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Vocabulary.h"

#include <QString>

#include <optional>

namespace dms {

/** A register list filter kept under a name: the search text and the part of
 *  the register tree it applies to (one register, one kind, or all). */
struct SavedSearch
{
    QString name;
    QString text;
    QString registerId; ///< empty: no single register
    std::optional<RegisterKind> registerKind; ///< with an empty registerId: the registers of a kind

    bool operator==(const SavedSearch &other) const = default;
};

} // namespace dms
