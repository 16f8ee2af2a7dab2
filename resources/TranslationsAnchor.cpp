// SPDX-License-Identifier: GPL-3.0-or-later
// The translations library holds only resources; this file gives it a symbol.
namespace dms {
int translationsAnchor()
{
    return 0;
}
} // namespace dms
