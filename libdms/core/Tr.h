// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>

namespace dms {

/** The translation context "dms" shared by the libraries and the non-widget
 *  programs: `Tr::tr("…")` is found by lupdate under that context, which is
 *  where the running program looks it up. Widgets use their own tr(). */
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(dms)
};

} // namespace dms
