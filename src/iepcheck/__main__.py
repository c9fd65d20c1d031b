from iepcheck.cli import main

main()
