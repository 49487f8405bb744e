// ob::migrate — the backend seam (driver.hpp) and the capabilities a backend may offer
// (capabilities.hpp), in one include for code written against the former Dialect header.
#pragma once

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/driver.hpp"
