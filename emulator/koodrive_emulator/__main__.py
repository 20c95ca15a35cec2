from koodrive_emulator.server import main

main()
