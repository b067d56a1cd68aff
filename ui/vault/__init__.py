"""Getting into a vault: welcome, create, unlock, recover, passphrase fields."""
